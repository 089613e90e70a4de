import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { uidFromResponse } from '../../drivers/card-readers/nfc-pcsc';
import { PcscCardReaderDriver } from '../../drivers/card-readers/pcsc';

/** nfc-pcsc at the hardware edge: a reader whose card and status events the test plays. */
class FakeReader extends EventEmitter {
  autoProcessing = true;
  readonly reader = Object.assign(new EventEmitter(), { SCARD_STATE_EMPTY: 0x10, SCARD_STATE_PRESENT: 0x20 });
  answers: Buffer[] = [];
  sent: string[] = [];
  constructor(readonly name: string) {
    super();
  }
  transmit(data: Buffer): Promise<Buffer> {
    this.sent.push(data.toString('hex').toUpperCase());
    const a = this.answers.shift();
    return a ? Promise.resolve(a) : Promise.reject(new Error('no card'));
  }
}

class FakeContext extends EventEmitter {
  closed = false;
  close(): void {
    this.closed = true;
  }
}

const flush = () => new Promise((r) => setImmediate(r));

async function setup() {
  const contexts: FakeContext[] = [];
  const driver = new PcscCardReaderDriver({
    factory: () => {
      const c = new FakeContext();
      contexts.push(c);
      return c;
    },
    probe: () => Promise.resolve(true),
    retryMs: 5,
  });
  const events: string[] = [];
  driver.on('readerAttached', (r) => events.push(`attached ${r.id}`));
  driver.on('readerDetached', (id) => events.push(`detached ${id}`));
  driver.on('cardPresent', (id, c) => events.push(`present ${id} ${c.uid} ${c.atr ?? '-'} ${c.assurance}`));
  driver.on('cardRemoved', (id) => events.push(`removed ${id}`));
  driver.on('error', (e, id) => events.push(`error ${id ?? '-'} ${e.message}`));
  await driver.start();
  const attach = (name: string, state = 0x10) => {
    const r = new FakeReader(name);
    contexts.at(-1)!.emit('reader', r);
    r.reader.emit('status', { state });
    return r;
  };
  const tap = async (r: FakeReader, uid: string, atr = '3B8180018080') => {
    r.answers.push(Buffer.from(`${uid}9000`, 'hex'));
    r.emit('card', { atr: Buffer.from(atr, 'hex') });
    await flush();
  };
  return { driver, contexts, events, attach, tap };
}

describe('PC/SC driver', () => {
  it('turns auto-processing off and reads the UID with GET DATA; the credential keeps the ATR', async () => {
    const { events, attach, tap } = await setup();
    const r = attach('R1');
    expect(r.autoProcessing).toBe(false);
    await tap(r, '04A1B2C3D4E5F6');
    expect(r.sent).toEqual(['FFCA000000']);
    expect(events).toEqual(['attached R1', 'present R1 04A1B2C3D4E5F6 3B8180018080 uid']);
  });

  it('a card reported twice while lying there is one tap; removal ends it', async () => {
    const { events, attach, tap } = await setup();
    const r = attach('R1');
    await tap(r, 'A1B2C3D4');
    await tap(r, 'A1B2C3D4');
    r.emit('card.off', {});
    r.emit('card.off', {});
    expect(events).toEqual(['attached R1', 'present R1 A1B2C3D4 3B8180018080 uid', 'removed R1']);
  });

  it('a card that cannot be read is an error, not a tap; reader errors never throw', async () => {
    const { events, attach } = await setup();
    const r = attach('R1');
    r.answers.push(Buffer.from('6A81', 'hex'));
    r.emit('card', {});
    await flush();
    r.emit('error', new Error('boom'));
    expect(events).toEqual(['attached R1', 'error R1 could not read the card on R1: card refused GET DATA (UID): status 6A81', 'error R1 boom']);
  });

  it('a reader that goes away keeps its card: same card on return is no new tap, an empty reader is a removal', async () => {
    const { events, attach, tap } = await setup();
    const a = attach('A');
    const b = attach('B');
    await tap(a, '04000000000001');
    await tap(b, '04000000000002');
    a.emit('end');
    b.emit('end');
    const a2 = attach('A', 0x20);
    await tap(a2, '04000000000001');
    attach('B', 0x10);
    expect(events.slice(4)).toEqual(['detached A', 'detached B', 'attached A', 'attached B', 'removed B']);
  });

  it('a dead pcsc-lite context (pcscd restarted) detaches every reader and opens a new one', async () => {
    const { events, contexts, attach, driver } = await setup();
    attach('A');
    contexts[0]!.emit('error', new Error('SCardGetStatusChange error: RPC transport error.(0x80100013)'));
    expect(contexts[0]!.closed).toBe(true);
    expect(events).toContain('detached A');
    await driver.stop();
  });

  it('parses GET DATA answers', () => {
    expect(uidFromResponse(Buffer.from('A1B2C3D49000', 'hex'))).toBe('A1B2C3D4');
    expect(() => uidFromResponse(Buffer.from('A1B29000', 'hex'))).toThrow(/2 bytes/);
    expect(() => uidFromResponse(Buffer.from('6300', 'hex'))).toThrow(/6300/);
  });
});
