import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { CardAuthenticator, cardKeyFor } from '../../drivers/card-readers/card-auth';
import { PcscCardReaderDriver } from '../../drivers/card-readers/pcsc';
import type { CardCredential } from '../../drivers/card-readers/types';
import { Ntag424Application } from '../../drivers/card-readers/virtual-ntag424';

/** nfc-pcsc at the hardware edge: a reader whose card answers the test decides. */
class FakeReader extends EventEmitter {
  autoProcessing = true;
  readonly reader = Object.assign(new EventEmitter(), { SCARD_STATE_EMPTY: 0x10, SCARD_STATE_PRESENT: 0x20 });
  card: ((apdu: Buffer) => Promise<Buffer>) | null = null;
  constructor(readonly name: string) {
    super();
  }
  transmit(data: Buffer): Promise<Buffer> {
    return this.card ? this.card(data) : Promise.reject(new Error('no card'));
  }
}

const MASTER = Buffer.from('8899AABBCCDDEEFF0011223344556677', 'hex');
const UID = '04C0FFEE123456';
const GET_UID = 'FFCA000000';

/** A card on the fake reader: answers GET DATA with its UID and the rest from an NTAG 424 DNA model (or not). */
function card(uid: string, app: Ntag424Application | null, intercept?: (apdu: Buffer) => Promise<Buffer> | null) {
  return (apdu: Buffer) => {
    const hex = apdu.toString('hex').toUpperCase();
    if (hex === GET_UID) return Promise.resolve(Buffer.from(`${uid}9000`, 'hex'));
    const own = intercept?.(apdu);
    if (own) return own;
    return Promise.resolve(app?.answer(apdu) ?? Buffer.from('6A82', 'hex'));
  };
}

async function setup(timeoutMs = 2000) {
  const context = new EventEmitter() as EventEmitter & { close(): void };
  context.close = () => undefined;
  const driver = new PcscCardReaderDriver({
    factory: () => context,
    probe: () => Promise.resolve(true),
    authenticator: new CardAuthenticator(MASTER, timeoutMs),
    challengeRetryMs: 10,
  });
  const present: CardCredential[] = [];
  const errors: string[] = [];
  driver.on('cardPresent', (_id, c) => present.push(c));
  driver.on('error', (e) => errors.push(e.message));
  await driver.start();
  const reader = new FakeReader('R1');
  context.emit('reader', reader);
  reader.reader.emit('status', { state: 0x10 });
  const arrive = async (c: FakeReader['card']) => {
    const before = present.length + errors.length;
    reader.card = c;
    reader.emit('card', { atr: Buffer.from('3B8180018080', 'hex') });
    await until(() => present.length + errors.length > before);
  };
  return { driver, reader, present, errors, arrive };
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
}

const genuine = () => new Ntag424Application({ keys: new Map([[0, cardKeyFor(MASTER, UID)]]) });

describe('PC/SC driver with card authentication', () => {
  it('a genuine card is reported with challenge-response', async () => {
    const { present, arrive } = await setup();
    await arrive(card(UID, genuine()));
    expect(present).toEqual([{ uid: UID, atr: '3B8180018080', assurance: 'challenge-response' }]);
  });

  it('a clone (no AES application, or another key) is reported as a UID card with the reason', async () => {
    const { present, reader, arrive } = await setup();
    await arrive(card(UID, null));
    expect(present[0]).toMatchObject({ uid: UID, assurance: 'uid', authFailure: expect.stringMatching(/^select-refused/) as unknown });
    reader.emit('card.off', {});
    present.length = 0;
    await arrive(card(UID, new Ntag424Application({ keys: new Map([[0, cardKeyFor(Buffer.alloc(16, 7), UID)]]) })));
    expect(present[0]).toMatchObject({ assurance: 'uid', authFailure: expect.stringMatching(/^wrong-key/) as unknown });
  });

  it('a card that stops answering times out as a UID card; the reader is not stuck', async () => {
    const { present, reader, arrive } = await setup(50);
    await arrive(card(UID, genuine(), (apdu) => (apdu[1] === 0x71 ? new Promise<Buffer>(() => undefined) : null)));
    expect(present[0]).toMatchObject({ assurance: 'uid', authFailure: expect.stringMatching(/^timeout/) as unknown });
    reader.emit('card.off', {});
    present.length = 0;
    await arrive(card(UID, genuine()));
    expect(present[0]?.assurance).toBe('challenge-response');
  });

  it('a card pulled away mid-challenge is no tap and no alarm; the next card works', async () => {
    const { present, errors, reader, arrive } = await setup();
    await arrive(
      card(UID, genuine(), (apdu) => {
        if (apdu[1] !== 0xaf) return null;
        reader.emit('card.off', {});
        return Promise.reject(new Error('SCardTransmit error: card removed'));
      }),
    );
    expect(present).toEqual([]);
    expect(errors[0]).toMatch(/left during the challenge/);
    await arrive(card(UID, genuine()));
    expect(present).toEqual([{ uid: UID, atr: '3B8180018080', assurance: 'challenge-response' }]);
  });

  it('a card put back before pcscd noticed it was gone (no new card event) is read again', async () => {
    const { present, errors, reader, arrive } = await setup();
    await arrive(
      card(UID, genuine(), (apdu) => {
        if (apdu[1] !== 0x71) return null;
        // the card leaves and the same card is back at once: pcscd never reports a change
        reader.card = card(UID, genuine());
        return Promise.resolve(Buffer.alloc(0));
      }),
    );
    expect(errors[0]).toMatch(/left during the challenge/);
    await until(() => present.length > 0);
    expect(present).toEqual([{ uid: UID, atr: '3B8180018080', assurance: 'challenge-response' }]);
  });

  it('a card that keeps breaking off is tried a bounded number of times, then the driver waits for the next card', async () => {
    const { present, errors, arrive } = await setup();
    let asked = 0;
    await arrive(
      card(UID, genuine(), (apdu) => {
        if (apdu[1] !== 0x71) return null;
        asked += 1;
        return Promise.reject(new Error('link lost'));
      }),
    );
    await until(() => errors.length === 3);
    await new Promise((r) => setTimeout(r, 100));
    expect(asked).toBe(3);
    expect(present).toEqual([]);
  });
});
