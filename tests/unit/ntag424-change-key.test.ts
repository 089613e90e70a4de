import { describe, expect, it } from 'vitest';
import { authenticateEv2First, CardAuthError, SELECT_NTAG424_APPLICATION } from '../../drivers/card-readers/card-auth';
import {
  authenticateSession,
  changeKey0,
  changeKey0Apdu,
  ChangeKeyError,
  commandIv,
  padM2,
  sessionKeys,
  sessionVector,
  truncateMac,
} from '../../drivers/card-readers/ntag424-change-key';
import { Ntag424Application } from '../../drivers/card-readers/virtual-ntag424';
import { hex, HEX, over, scripted, SELECT } from '../helpers/apdu';



// Values of NXP AN12196 ("NTAG 424 DNA and NTAG 424 DNA TagTamper features and hints"): the
// AuthenticateEV2First examples with key 0 (section 6.6) and key 3 (section 6.10), both with the
// all-zero factory key, and the ChangeKey example case 2 (key 0 changed while authenticated with
// key 0, Table 27).
describe('EV2 session keys (AN12196 AuthenticateEV2First examples)', () => {
  it('key 0: the exchange, the TI and SesAuthENCKey/SesAuthMACKey', async () => {
    const t = scripted([
      [SELECT, '9000'],
      ['9071000002000000', 'A04C124213C186F22399D33AC2A3021591AF'],
      ['90AF00002035C3E05A752E0144BAC0DE51C1F22C56B34408A23D8AEA266CAB947EA8E0118D00', '3FA64DB5446D1F34CD6EA311167F5E4985B89690C04A05F17FA7AB2F081206639100'],
    ]);
    const session = await authenticateSession(t, { key: Buffer.alloc(16), random: () => hex('13C5DB8A5930439FC3DEF9A4C675360F') });
    expect(HEX(session.ti)).toBe('9D00C4DF');
    expect(HEX(session.encKey)).toBe('1309C877509E5A215007FF0ED19CA564');
    expect(HEX(session.macKey)).toBe('4C6626F5E72EA694202139295C7A7FC7');
    expect(session.cmdCtr).toBe(0);
    expect(t.remaining()).toBe(0);
  });

  it('key 3: SesAuthENCKey/SesAuthMACKey', async () => {
    const t = scripted([
      [SELECT, '9000'],
      ['9071000002030000', 'B875CEB0E66A6C5CD00898DC371F92D191AF'],
      ['90AF000020FF0306E47DFBC50087C4D8A78E88E62DE1E8BE457AA477C707E2F0874916A8B100', '0CC9A8094A8EEA683ECAAC5C7BF20584206D0608D477110FC6B3D5D3F65C3A6A9100'],
    ]);
    const session = await authenticateSession(t, { key: Buffer.alloc(16), keyNo: 3, random: () => hex('B98F4C50CF1C2E084FD150E33992B048') });
    expect(HEX(session.ti)).toBe('7614281A');
    expect(HEX(session.encKey)).toBe('7A93D6571E4B180FCA6AC90C9A7488D4');
    expect(HEX(session.macKey)).toBe('FC4AF159B62E549B5812394CAB1918CC');
  });

  it('SV1/SV2 take RndA[15..14], RndA[13..8] XOR RndB[15..10], RndB[9..0], RndA[7..0] (byte 15 first)', () => {
    const rndA = Buffer.from(Array.from({ length: 16 }, (_, i) => 0xa0 + i));
    const rndB = Buffer.from(Array.from({ length: 16 }, (_, i) => 0x10 + i));
    const sv1 = sessionVector('enc', rndA, rndB);
    expect(sv1).toHaveLength(32);
    expect(HEX(sv1)).toBe('A55A00010080' + 'A0A1' + 'B2B2B6B6B2B2' + '161718191A1B1C1D1E1F' + 'A8A9AAABACADAEAF');
    expect(HEX(sessionVector('mac', rndA, rndB)).slice(0, 4)).toBe('5AA5');
    expect(HEX(sessionVector('mac', rndA, rndB)).slice(4)).toBe(HEX(sv1).slice(4));
    const keys = sessionKeys(Buffer.alloc(16), rndA, rndB);
    expect(keys.encKey.equals(keys.macKey)).toBe(false);
  });

  it('login behaviour is unchanged: authenticateEv2First still resolves with the TI alone', async () => {
    const t = scripted([
      [SELECT, '9000'],
      ['9071000002000000', 'A04C124213C186F22399D33AC2A3021591AF'],
      ['90AF00002035C3E05A752E0144BAC0DE51C1F22C56B34408A23D8AEA266CAB947EA8E0118D00', '3FA64DB5446D1F34CD6EA311167F5E4985B89690C04A05F17FA7AB2F081206639100'],
    ]);
    expect(await authenticateEv2First(t, { key: Buffer.alloc(16), random: () => hex('13C5DB8A5930439FC3DEF9A4C675360F') })).toEqual({ ti: hex('9D00C4DF') });
  });
});

describe('ChangeKey of key 0 (AN12196 Table 27)', () => {
  const session = { ti: hex('7614281A'), encKey: hex('4CF3CB41A22583A61E89B158D252FC53'), macKey: hex('5529860B2FC5FB6154B7F28361D30BF9'), cmdCtr: 3 };
  const newKey = hex('5004BF991F408672B1EF00F08F9E8647');

  it('IV for the command data', () => {
    expect(HEX(commandIv(session))).toBe('01602D579423B2797BE8B478B0B4D27B');
  });

  it('plaintext NewKey ‖ KeyVer padded with 80 00…', () => {
    expect(HEX(padM2(Buffer.concat([newKey, hex('01')])))).toBe('5004BF991F408672B1EF00F08F9E8647' + '01' + '80' + '00'.repeat(14));
  });

  it('the whole C-APDU: encrypted key data and MACt', () => {
    expect(HEX(changeKey0Apdu(session, newKey, 0x01))).toBe(
      '90C400002900C0EB4DEEFEDDF0B513A03A95A75491818580503190D4D05053FF75668A01D6FDA6610234BDED643200',
    );
  });
});

describe('padding and MAC truncation', () => {
  it.each([
    [0, 16],
    [1, 16],
    [15, 16],
    [16, 32],
    [17, 32],
    [31, 32],
    [32, 48],
  ])('%i bytes pad to %i, 80 right after the data, zeros after', (length, padded) => {
    const out = padM2(Buffer.alloc(length, 0xff));
    expect(out).toHaveLength(padded);
    expect(out[length]).toBe(0x80);
    expect(out.subarray(length + 1).every((b) => b === 0)).toBe(true);
    expect(out.subarray(0, length).every((b) => b === 0xff)).toBe(true);
  });

  it('MACt is the bytes at positions 1, 3, … 15', () => {
    expect(HEX(truncateMac(hex('00112233445566778899AABBCCDDEEFF')))).toBe('11335577 99BBDDFF'.replace(' ', ''));
    expect(() => truncateMac(Buffer.alloc(8))).toThrow(RangeError);
  });
});

describe('ChangeKey against the virtual card', () => {
  const oldKey = hex('00112233445566778899AABBCCDDEEFF');
  const newKey = hex('F0E1D2C3B4A5968778695A4B3C2D1E0F');
  const fresh = () => new Ntag424Application({ keys: new Map([[0, oldKey]]) });

  it('changes key 0; the session ends; the card then authenticates with the new key only', async () => {
    const card = fresh();
    const session = await authenticateSession(over(card), { key: oldKey });
    await changeKey0(over(card), session, newKey, 0x01);
    expect(card.key(0)?.equals(newKey)).toBe(true);
    expect(card.keyVersion).toBe(1);
    expect(card.authenticated).toBe(false);
    await expect(authenticateEv2First(over(card), { key: oldKey })).rejects.toMatchObject({ reason: 'wrong-key' });
    await expect(authenticateEv2First(over(card), { key: newKey })).resolves.toHaveProperty('ti');
  });

  function refusal(card: Ntag424Application, command: Buffer): string {
    const answer = card.answer(command);
    expect(card.key(0)?.equals(oldKey)).toBe(true);
    expect(card.authenticated).toBe(false);
    return HEX(answer ?? Buffer.alloc(0));
  }

  it('refuses 91 AE without authentication, and changes nothing', async () => {
    const card = fresh();
    const fake = { ti: hex('00000000'), encKey: Buffer.alloc(16), macKey: Buffer.alloc(16), cmdCtr: 0 };
    card.answer(SELECT_NTAG424_APPLICATION);
    expect(refusal(card, changeKey0Apdu(fake, newKey))).toBe('91AE');
    // a session ended by a new SELECT is no session either
    const session = await authenticateSession(over(card), { key: oldKey });
    card.answer(SELECT_NTAG424_APPLICATION);
    expect(refusal(card, changeKey0Apdu(session, newKey))).toBe('91AE');
  });

  it('refuses 91 1E on a wrong MAC, and changes nothing', async () => {
    const card = fresh();
    const session = await authenticateSession(over(card), { key: oldKey });
    const command = changeKey0Apdu(session, newKey);
    command[command.length - 2]! ^= 0x01;
    expect(refusal(card, command)).toBe('911E');
  });

  it('refuses 91 1E on a wrong CmdCtr (the MAC is checked with the card\'s own counter)', async () => {
    const card = fresh();
    const session = await authenticateSession(over(card), { key: oldKey });
    expect(refusal(card, changeKey0Apdu({ ...session, cmdCtr: 1 }, newKey))).toBe('911E');
  });

  it('refuses 91 1E on data encrypted under another key, even with a MAC that matches', async () => {
    const card = fresh();
    const session = await authenticateSession(over(card), { key: oldKey });
    const forged = changeKey0Apdu({ ...session, encKey: Buffer.alloc(16, 1) }, newKey);
    expect(refusal(card, forged)).toBe('911E');
  });

  it('refuses 91 7E on a wrong length, and changes nothing', async () => {
    const card = fresh();
    const session = await authenticateSession(over(card), { key: oldKey });
    const command = changeKey0Apdu(session, newKey);
    const short = Buffer.concat([command.subarray(0, 4), Buffer.from([0x28]), command.subarray(5, 5 + 0x28), Buffer.from([0x00])]);
    expect(refusal(card, short)).toBe('917E');
  });

  it('changeKey0 rejects a refusal as "refused" with the status word, a lost card as "transport-error"', async () => {
    const card = fresh();
    const session = await authenticateSession(over(card), { key: oldKey });
    card.answer(SELECT_NTAG424_APPLICATION);
    await expect(changeKey0(over(card), session, newKey)).rejects.toMatchObject({ reason: 'refused', sw: 0x91ae });
    await expect(changeKey0(() => Promise.reject(new Error('card removed')), session, newKey)).rejects.toBeInstanceOf(ChangeKeyError);
    await expect(changeKey0(() => Promise.resolve(Buffer.alloc(0)), session, newKey)).rejects.toMatchObject({ reason: 'transport-error' });
    expect(card.key(0)?.equals(oldKey)).toBe(true);
    expect(CardAuthError).toBeDefined();
  });
});
