import { EventEmitter } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardKeyFor, type ApduTransport } from '../../drivers/card-readers/card-auth';
import type { NfcContext, NfcReader } from '../../drivers/card-readers/nfc-pcsc';
import { Ntag424Application } from '../../drivers/card-readers/virtual-ntag424';
import { personaliseCard } from '../../drivers/card-readers/ntag424-personalise';
import { outcomeLine, runPersonalise } from '../../server/security/personalise';

const UID = '04A1B2C3D4E5F6';
const MASTER = Buffer.from('00112233445566778899AABBCCDDEEFF', 'hex');
const OLD = Buffer.from('FFEEDDCCBBAA99887766554433221100', 'hex');
const ZERO = Buffer.alloc(16);
const card = (key: Buffer) => new Ntag424Application({ keys: new Map([[0, key]]) });
const over =
  (c: Ntag424Application, intercept?: (apdu: Buffer) => void): ApduTransport =>
  (apdu) => {
    intercept?.(apdu);
    return Promise.resolve(c.answer(apdu) ?? Buffer.from('6D00', 'hex'));
  };
const opts = (currentKey: Buffer) => ({ uid: UID, currentKey, newKey: cardKeyFor(MASTER, UID) });

describe('personaliseCard', () => {
  it('a factory card gets its key; a second tap finds it there and sends no ChangeKey', async () => {
    const c = card(ZERO);
    expect(await personaliseCard(over(c), opts(ZERO))).toEqual({ kind: 'personalised' });
    expect(c.key(0)?.equals(cardKeyFor(MASTER, UID))).toBe(true);
    const sent: string[] = [];
    expect(await personaliseCard(over(c, (a) => sent.push(a.subarray(0, 2).toString('hex'))), opts(ZERO))).toEqual({ kind: 'already' });
    expect(sent).not.toContain('90c4');
  });

  it('rotation: from the key of the old master to the key of the new one', async () => {
    const c = card(cardKeyFor(OLD, UID));
    expect(await personaliseCard(over(c), opts(cardKeyFor(OLD, UID)))).toEqual({ kind: 'personalised' });
    expect(c.key(0)?.equals(cardKeyFor(MASTER, UID))).toBe(true);
  });

  it('a card with an unknown key is refused and unchanged; so is a card without the application', async () => {
    const unknown = Buffer.alloc(16, 0x42);
    const c = card(unknown);
    expect(await personaliseCard(over(c), opts(ZERO))).toEqual({ kind: 'wrong-key' });
    expect(c.key(0)?.equals(unknown)).toBe(true);
    expect(await personaliseCard(() => Promise.resolve(Buffer.from('6A82', 'hex')), opts(ZERO))).toEqual({ kind: 'no-application' });
  });

  it('a card pulled away during ChangeKey: reported, and the next tap finishes the job either way', async () => {
    // the card left before it received ChangeKey: the key is still the old one
    const before = card(ZERO);
    const gone: ApduTransport = (apdu) => (apdu[1] === 0xc4 ? Promise.reject(new Error('card removed')) : over(before)(apdu));
    expect(await personaliseCard(gone, opts(ZERO))).toEqual({ kind: 'left-during' });
    expect(before.key(0)?.equals(ZERO)).toBe(true);
    expect(await personaliseCard(over(before), opts(ZERO))).toEqual({ kind: 'personalised' });
    // the card took ChangeKey but the answer was lost: the next tap finds the new key
    const after = card(ZERO);
    const lost: ApduTransport = (apdu) => {
      const answer = after.answer(apdu) ?? Buffer.from('6D00', 'hex');
      return apdu[1] === 0xc4 ? Promise.reject(new Error('card removed')) : Promise.resolve(answer);
    };
    expect(await personaliseCard(lost, opts(ZERO))).toEqual({ kind: 'left-during' });
    expect(await personaliseCard(over(after), opts(ZERO))).toEqual({ kind: 'already' });
  });

  it('lines are bilingual, German first, and carry no key', () => {
    expect(outcomeLine(UID, { kind: 'personalised' })).toBe(`Karte ${UID} personalisiert / Card ${UID} personalised`);
    expect(outcomeLine(UID, { kind: 'wrong-key' })).toMatch(/^Karte .*aktueller Schlüssel falsch \(91 AE\).* \/ Card .*current key wrong \(91 AE\)/);
    for (const kind of ['personalised', 'already', 'wrong-key', 'no-application', 'left-before', 'left-during'] as const) {
      expect(outcomeLine(UID, { kind })).not.toContain(cardKeyFor(MASTER, UID).toString('hex').toUpperCase());
    }
  });
});

/** A fake nfc-pcsc context with one reader whose card is a virtual NTAG 424 DNA. */
function fakeFactory(name: string, cards: Ntag424Application[]) {
  return () => {
    const context = new EventEmitter() as EventEmitter & NfcContext;
    (context as { close: () => void }).close = () => undefined;
    const reader = new EventEmitter() as EventEmitter & NfcReader;
    let current: Ntag424Application | null = null;
    Object.assign(reader, {
      name,
      autoProcessing: true,
      transmit: (apdu: Buffer) => {
        if (!current) return Promise.reject(new Error('no card'));
        if (apdu[0] === 0xff && apdu[1] === 0xca) return Promise.resolve(Buffer.concat([Buffer.from(UID, 'hex'), Buffer.from('9000', 'hex')]));
        return Promise.resolve(current.answer(apdu) ?? Buffer.from('6D00', 'hex'));
      },
    });
    setImmediate(() => {
      context.emit('reader', reader);
      for (const c of cards) {
        setImmediate(() => {
          current = c;
          reader.emit('card', {});
        });
      }
    });
    return context;
  };
}

describe('runPersonalise', () => {
  let dir: string;
  let pcscd: Server;
  let socketPath: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'personalise-'));
    writeFileSync(join(dir, 'card-master.key'), `${MASTER.toString('hex')}\n`, { mode: 0o600 });
    socketPath = join(dir, 'pcscd.comm');
    pcscd = createServer((s) => s.end());
    await new Promise<void>((r) => pcscd.listen(socketPath, r));
  });
  afterAll(() => pcscd.close());

  const run = async (o: Partial<Parameters<typeof runPersonalise>[0]>) => {
    const lines: string[] = [];
    const errors: string[] = [];
    const code = await runPersonalise({ masterKeyFile: join(dir, 'card-master.key'), socketPath, readerWaitMs: 200, out: (l) => lines.push(l), err: (l) => errors.push(l), ...o });
    return { code, lines, errors, all: [...lines, ...errors].join('\n') };
  };

  it('personalises a factory card on the named reader and prints no key', async () => {
    const c = card(ZERO);
    const r = await run({ reader: 'Desk', count: 1, factory: fakeFactory('Desk', [c]) });
    expect(r.code).toBe(0);
    expect(r.lines).toContain(`Karte ${UID} personalisiert / Card ${UID} personalised`);
    expect(r.all).not.toContain(cardKeyFor(MASTER, UID).toString('hex').toUpperCase());
    expect(r.all).not.toMatch(new RegExp(MASTER.toString('hex'), 'i'));
  });

  it('refuses without the master key, without the reader and without pcscd', async () => {
    const noKey = await run({ masterKeyFile: join(dir, 'missing.key'), factory: fakeFactory('Desk', []) });
    expect(noKey.code).toBe(1);
    expect(noKey.errors[0]).toMatch(/^Kein Kartenschlüssel \/ no card master key: .*does not exist/);
    const noReader = await run({ reader: 'Elsewhere', factory: fakeFactory('Desk', []) });
    expect(noReader.code).toBe(1);
    expect(noReader.errors.join('\n')).toContain('Lesegerät „Elsewhere“ nicht gefunden / reader "Elsewhere" not found (da / present: Desk)');
    const noPcscd = await run({ socketPath: join(dir, 'nothing.comm'), factory: fakeFactory('Desk', []) });
    expect(noPcscd.code).toBe(1);
    expect(noPcscd.errors[0]).toMatch(/pcscd antwortet nicht \/ pcscd does not answer/);
  });

  it('with an old master key equal to the new one it refuses before touching a card', async () => {
    const r = await run({ fromKeyFile: join(dir, 'card-master.key'), factory: fakeFactory('Desk', []) });
    expect(r.code).toBe(1);
    expect(r.errors[0]).toBe('Alter und neuer Kartenschlüssel sind gleich / the old and the new card master key are the same');
  });

  it('exit code 1 when a tap was refused (unknown key); the card is unchanged', async () => {
    const unknown = Buffer.alloc(16, 0x42);
    const c = card(unknown);
    const r = await run({ count: 1, factory: fakeFactory('Desk', [c]) });
    expect(r.code).toBe(1);
    expect(r.errors.join('\n')).toContain('aktueller Schlüssel falsch (91 AE)');
    expect(c.key(0)?.equals(unknown)).toBe(true);
  });
});
