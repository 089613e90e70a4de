import { describe, expect, it } from 'vitest';
import {
  aesCmac,
  authenticateEv2First,
  CardAuthenticator,
  CardAuthError,
  cardKeyFor,
  cmacSubkeys,
  diversifyAes128,
  SELECT_NTAG424_APPLICATION,
  type ApduTransport,
} from '../../drivers/card-readers/card-auth';
import { Ntag424Application } from '../../drivers/card-readers/virtual-ntag424';
import { hex, HEX, over, scripted, SELECT } from '../helpers/apdu';


describe('AES-CMAC (RFC 4493, section 4 test vectors)', () => {
  const key = hex('2b7e1516 28aed2a6 abf71588 09cf4f3c');
  const m = hex(
    '6bc1bee2 2e409f96 e93d7e11 7393172a ae2d8a57 1e03ac9c 9eb76fac 45af8e51 30c81c46 a35ce411 e5fbc119 1a0a52ef f69f2445 df4f9b17 ad2b417b e66c3710',
  );

  it('derives the subkeys K1 and K2', () => {
    const { k1, k2 } = cmacSubkeys(key);
    expect(HEX(k1)).toBe('FBEED618357133667C85E08F7236A8DE');
    expect(HEX(k2)).toBe('F7DDAC306AE266CCF90BC11EE46D513B');
  });

  it.each([
    [0, 'BB1D6929E95937287FA37D129B756746'],
    [16, '070A16B46B4D4144F79BDD9DD04A287C'],
    [40, 'DFA66747DE9AE63030CA32611497C827'],
    [64, '51F0BEBF7E3B9D92FC49741779363CFE'],
  ])('message of %i bytes', (length, tag) => {
    expect(HEX(aesCmac(key, m.subarray(0, length)))).toBe(tag);
  });

  it('refuses a key that is not 16 bytes', () => {
    expect(() => aesCmac(Buffer.alloc(15), Buffer.alloc(0))).toThrow(RangeError);
  });
});

describe('AES-128 key diversification (NXP AN10922, section 2.2)', () => {
  const master = hex('00112233445566778899AABBCCDDEEFF');

  it('reproduces the published example (UID 04782E21801D80, AID 3042F5, system "NXP Abu")', () => {
    expect(HEX(cmacSubkeys(master).k2)).toBe('F793EEB928278083BFDC8A5A7E0E0D25');
    const key = diversifyAes128(master, hex('04782E21801D80'), hex('3042F5'), Buffer.from('NXP Abu', 'ascii'));
    expect(HEX(key)).toBe('A8DD63A3B89D54B37CA802473FDA9175');
  });

  it('pads every input to two blocks: a short input is not plain CMAC over 0x01 ‖ M', () => {
    const m = hex('04782E21');
    const diversified = diversifyAes128(master, m, Buffer.alloc(0), Buffer.alloc(0));
    expect(diversified.equals(aesCmac(master, Buffer.concat([hex('01'), m])))).toBe(false);
  });

  it('an input of 31 bytes fills both blocks and is plain CMAC (K1, no padding)', () => {
    const m = Buffer.alloc(31, 0xaa);
    expect(HEX(diversifyAes128(master, m, Buffer.alloc(0), Buffer.alloc(0)))).toBe(HEX(aesCmac(master, Buffer.concat([hex('01'), m]))));
  });

  it('refuses an empty or too long input', () => {
    expect(() => diversifyAes128(master, Buffer.alloc(0), Buffer.alloc(0), Buffer.alloc(0))).toThrow(RangeError);
    expect(() => diversifyAes128(master, Buffer.alloc(32), Buffer.alloc(0), Buffer.alloc(0))).toThrow(RangeError);
  });

  it('gives every card its own key, and a different master gives different keys', () => {
    const a = cardKeyFor(master, '04A1B2C3D4E5F6');
    expect(a).toHaveLength(16);
    expect(cardKeyFor(master, '04:a1:b2:c3:d4:e5:f6').equals(a)).toBe(true);
    expect(cardKeyFor(master, '04A1B2C3D4E5F7').equals(a)).toBe(false);
    expect(cardKeyFor(hex('00112233445566778899AABBCCDDEEFE'), '04A1B2C3D4E5F6').equals(a)).toBe(false);
  });
});



describe('AuthenticateEV2First, reader side', () => {
  it('matches the NXP AN12196 example exchange (key 3, all-zero key, fixed RndA)', async () => {
    const t = scripted([
      [SELECT, '9000'],
      ['9071000002030000', 'B875CEB0E66A6C5CD00898DC371F92D191AF'],
      [
        '90AF000020FF0306E47DFBC50087C4D8A78E88E62DE1E8BE457AA477C707E2F0874916A8B100',
        '0CC9A8094A8EEA683ECAAC5C7BF20584206D0608D477110FC6B3D5D3F65C3A6A9100',
      ],
    ]);
    const result = await authenticateEv2First(t, { key: Buffer.alloc(16), keyNo: 3, random: () => hex('B98F4C50CF1C2E084FD150E33992B048') });
    expect(HEX(result.ti)).toBe('7614281A');
    expect(t.remaining()).toBe(0);
  });

  const master = hex('0F1E2D3C4B5A69788796A5B4C3D2E1F0');
  const uid = '04112233445566';
  const genuine = () => new Ntag424Application({ keys: new Map([[0, cardKeyFor(master, uid)]]) });
  const failure = async (p: Promise<unknown>) => {
    const err = await p.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(CardAuthError);
    return (err as CardAuthError).reason;
  };

  it('a card model with its diversified key authenticates', async () => {
    await expect(new CardAuthenticator(master).verify(over(genuine()), uid)).resolves.toHaveProperty('ti');
  });

  it('a clone with the same UID but another key is refused', async () => {
    const clone = new Ntag424Application({ keys: new Map([[0, cardKeyFor(hex('FFEEDDCCBBAA99887766554433221100'), uid)]]) });
    expect(await failure(new CardAuthenticator(master).verify(over(clone), uid))).toBe('wrong-key');
  });

  it("a genuine card presented under another card's UID is refused (the key is bound to the UID)", async () => {
    expect(await failure(new CardAuthenticator(master).verify(over(genuine()), '04112233445567'))).toBe('wrong-key');
  });

  it('a card without the AES application (a UID-only clone) is refused at SELECT', async () => {
    expect(await failure(new CardAuthenticator(master).verify(() => Promise.resolve(hex('6A82')), uid))).toBe('select-refused');
  });

  it('a card without key 0 is refused', async () => {
    const card = new Ntag424Application({ keys: new Map([[1, cardKeyFor(master, uid)]]) });
    expect(await failure(new CardAuthenticator(master).verify(over(card), uid))).toBe('auth-refused');
  });

  it.each([
    ['SELECT answered with data', [[SELECT, '6F009000']]],
    ['part 1 answered 9100 instead of 91AF', [[SELECT, '9000'], ['9071000002000000', `${'00'.repeat(16)}9100`]]],
    ['part 1 answered 91AE', [[SELECT, '9000'], ['9071000002000000', '91AE']]],
  ] as [string, [string, string][]][])('%s: refused', async (_name, steps) => {
    expect(['select-refused', 'auth-refused']).toContain(await failure(authenticateEv2First(scripted(steps), { key: Buffer.alloc(16) })));
  });

  it('short answers are refused: E(K, RndB) of 8 bytes, a proof of 16 bytes', async () => {
    const short1 = scripted([
      [SELECT, '9000'],
      ['9071000002000000', `${'11'.repeat(8)}91AF`],
    ]);
    expect(await failure(authenticateEv2First(short1, { key: Buffer.alloc(16) }))).toBe('bad-answer');
    // a card that answers part 2 with 9100 but only one block
    const card = genuine();
    let calls = 0;
    const truncating: ApduTransport = (apdu) => {
      const answer = card.answer(apdu) ?? hex('6D00');
      calls += 1;
      return Promise.resolve(calls === 3 ? Buffer.concat([answer.subarray(0, 16), answer.subarray(-2)]) : answer);
    };
    expect(await failure(new CardAuthenticator(master).verify(truncating, uid))).toBe('bad-answer');
  });

  it("a card that answers part 2 with 9100 but a wrong RndA' is refused", async () => {
    const card = genuine();
    let calls = 0;
    const tampering: ApduTransport = (apdu) => {
      const answer = Buffer.from(card.answer(apdu) ?? hex('6D00'));
      calls += 1;
      if (calls === 3) answer[10]! ^= 0x01;
      return Promise.resolve(answer);
    };
    expect(await failure(new CardAuthenticator(master).verify(tampering, uid))).toBe('wrong-key');
  });

  it('a card that never answers times out; a transport error is a failure, not a crash', async () => {
    const silent: ApduTransport = () => new Promise(() => undefined);
    expect(await failure(new CardAuthenticator(master, 50).verify(silent, uid))).toBe('timeout');
    const removed: ApduTransport = () => Promise.reject(new Error('card removed'));
    expect(await failure(new CardAuthenticator(master).verify(removed, uid))).toBe('transport-error');
    // a reader that returns nothing at all (vpcd when the card left): no status word, so no card answered
    const empty = scripted([
      [SELECT, '9000'],
      ['9071000002000000', ''],
    ]);
    expect(await failure(authenticateEv2First(empty, { key: Buffer.alloc(16) }))).toBe('transport-error');
  });

  it('the card model refuses part 2 without part 1 and a wrong RndB', () => {
    const card = genuine();
    expect(HEX(card.answer(SELECT_NTAG424_APPLICATION)!)).toBe('9000');
    expect(HEX(card.answer(hex(`90AF000020${'00'.repeat(32)}00`))!)).toBe('911C');
    expect(HEX(card.answer(hex('9071000002000000'))!).endsWith('91AF')).toBe(true);
    expect(HEX(card.answer(hex(`90AF000020${'00'.repeat(32)}00`))!)).toBe('91AE');
  });
});
