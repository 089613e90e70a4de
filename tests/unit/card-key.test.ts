import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CardAuthenticator, cardKeyFor } from '../../drivers/card-readers/card-auth';
import { SimulatedCardReaderDriver } from '../../drivers/card-readers/simulated';
import type { CardCredential } from '../../drivers/card-readers/types';
import { agentAuthenticator, parseArgs } from '../../drivers/seat-agent/cli';
import { Ntag424Application } from '../../drivers/card-readers/virtual-ntag424';
import { over } from '../helpers/apdu';
import { cardAuthenticatorFor, CardKeyError, cardKeyPath, previousCardKeyPath, readCardKey, runCardsCli } from '../../server/security/card-key';

const dir = mkdtempSync(join(tmpdir(), 'ratssaal-card-key-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCardsCli(args, env, (s) => out.push(s), (s) => err.push(s));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('npm run cards', () => {
  const file = join(dir, 'keys', 'card-master.key');

  it('init-key writes 16 random bytes as hex, mode 0600 in a 0700 folder', () => {
    const r = cli(['init-key', '--file', file]);
    expect(r.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toMatch(/^[0-9A-F]{32}\n$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'keys')).mode & 0o777).toBe(0o700);
  });

  it('init-key refuses to overwrite an existing key and leaves it as it was', () => {
    const before = readFileSync(file, 'utf8');
    const r = cli(['init-key', '--file', file]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('not overwritten');
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('diversify prints the card key of a UID, the same the reader side uses', () => {
    const r = cli(['diversify', '04:a1:b2:c3:d4:e5:f6', '--file', file]);
    expect(r.code).toBe(0);
    expect(r.out).toBe(cardKeyFor(readCardKey(file), '04A1B2C3D4E5F6').toString('hex').toUpperCase());
    expect(cli(['diversify', 'XYZ', '--file', file]).code).toBe(1);
  });

  it('the default key file lives in the data folder; RATSSAAL_CARD_KEY_FILE overrides it', () => {
    expect(cardKeyPath({ RATSSAAL_DATA: '/srv/ratssaal' }, '/')).toBe('/srv/ratssaal/keys/card-master.key');
    expect(cardKeyPath({ RATSSAAL_CARD_KEY_FILE: 'k.hex' }, '/etc')).toBe('/etc/k.hex');
    expect(cli(['frobnicate']).code).toBe(2);
  });

  it('a malformed key file is refused with the reason', () => {
    const bad = join(dir, 'bad.key');
    writeFileSync(bad, 'not hex\n');
    expect(() => readCardKey(bad)).toThrow(CardKeyError);
    expect(() => readCardKey(join(dir, 'missing.key'))).toThrow(/does not exist/);
  });

  it('challenge-response without a readable key stops the start; without the requirement it is only not run', () => {
    const warnings: string[] = [];
    expect(() => cardAuthenticatorFor(join(dir, 'missing.key'), 'challenge-response', (l) => warnings.push(l))).toThrow(/npm run cards -- init-key/);
    expect(() => cardAuthenticatorFor(join(dir, 'bad.key'), 'challenge-response', (l) => warnings.push(l))).toThrow(CardKeyError);
    expect(cardAuthenticatorFor(join(dir, 'missing.key'), 'uid', (l) => warnings.push(l))).toBeNull();
    expect(cardAuthenticatorFor(file, 'challenge-response', (l) => warnings.push(l))).not.toBeNull();
  });
});

describe('seat agent: --card-key-file', () => {
  it('is parsed and read; a file that is no key is refused', () => {
    const keyFile = join(dir, 'agent.key');
    writeFileSync(keyFile, '00112233445566778899AABBCCDDEEFF\n');
    expect(parseArgs(['--server', 'https://h:8443', '--ca', 'ca.crt', '--seat', '7', '--card-key-file', keyFile], {}).cardKeyFile).toBe(keyFile);
    expect(agentAuthenticator(keyFile).cardKey('04A1B2C3D4E5F6').equals(cardKeyFor(Buffer.from('00112233445566778899AABBCCDDEEFF', 'hex'), '04A1B2C3D4E5F6'))).toBe(true);
    writeFileSync(keyFile, 'nope');
    expect(() => agentAuthenticator(keyFile)).toThrow(/not a card master key/);
  });

  it('during a key rotation it also accepts the previous key beside the key file, as the server does', async () => {
    const CURRENT = '00112233445566778899AABBCCDDEEFF';
    const PREVIOUS = 'FFEEDDCCBBAA99887766554433221100';
    const keyFile = join(dir, 'rotating-agent.key');
    const previousFile = join(dir, 'rotating-agent.previous.key');
    writeFileSync(keyFile, `${CURRENT}\n`);
    const table: [previous: string | null, rotating: boolean, warning: RegExp | null][] = [
      [null, false, null],
      [PREVIOUS, true, /key rotation: cards with the previous key .* are still accepted/],
      [CURRENT, false, /equals the current one, ignored/],
      ['not a key', false, /is not a card master key .* ignored/],
    ];
    for (const [previous, rotating, warning] of table) {
      rmSync(previousFile, { force: true });
      if (previous !== null) writeFileSync(previousFile, `${previous}\n`);
      const warnings: string[] = [];
      const auth = agentAuthenticator(keyFile, (l) => warnings.push(l));
      expect(auth.rotating).toBe(rotating);
      if (warning) expect(warnings.join('\n')).toMatch(warning);
      else expect(warnings).toEqual([]);
    }
    // a card on the previous key passes, and says so
    writeFileSync(previousFile, `${PREVIOUS}\n`);
    const uid = '04A1B2C3D4E5F6';
    const card = new Ntag424Application({ keys: new Map([[0, cardKeyFor(Buffer.from(PREVIOUS, 'hex'), uid)]]) });
    const result = await agentAuthenticator(keyFile, () => undefined).verify(over(card), uid);
    expect(result.previousKey).toBe(true);
    rmSync(previousFile);
  });
});

describe('simulated driver: genuine and cloned demo cards', () => {
  const master = Buffer.from('000102030405060708090A0B0C0D0E0F', 'hex');

  async function tapped(driver: SimulatedCardReaderDriver, card: 'genuine' | 'clone'): Promise<CardCredential | undefined> {
    let seen: CardCredential | undefined;
    const off = driver.on('cardPresent', (_r, c) => (seen = c));
    await driver.tapCard('r1', '04112233445566', card);
    off();
    driver.remove('r1');
    return seen;
  }

  it('with a card key the real challenge runs: the genuine card proves its key, the clone does not', async () => {
    const driver = new SimulatedCardReaderDriver(['r1'], { authenticator: new CardAuthenticator(master) });
    await driver.start();
    expect(await tapped(driver, 'genuine')).toEqual({ uid: '04112233445566', assurance: 'challenge-response' });
    const clone = await tapped(driver, 'clone');
    expect(clone?.assurance).toBe('uid');
    expect(clone?.authFailure).toMatch(/^select-refused/);
  });

  it('without a card key both are plain UID cards', async () => {
    const driver = new SimulatedCardReaderDriver(['r1']);
    await driver.start();
    expect((await tapped(driver, 'genuine'))?.assurance).toBe('uid');
    expect((await tapped(driver, 'clone'))?.assurance).toBe('uid');
  });
});

describe('key rotation: the previous master key beside the current one', () => {
  const NEW = Buffer.from('00112233445566778899AABBCCDDEEFF', 'hex');
  const OLD = Buffer.from('F0E1D2C3B4A5968778695A4B3C2D1E0F', 'hex');
  const uid = '04A1B2C3D4E5F6';
  const cardWith = (master: Buffer) => new Ntag424Application({ keys: new Map([[0, cardKeyFor(master, uid)]]) });
  function keys(current: Buffer, previous: Buffer | null): string {
    const folder = mkdtempSync(join(dir, 'rotation-'));
    mkdirSync(folder, { recursive: true });
    const file = join(folder, 'card-master.key');
    writeFileSync(file, `${current.toString('hex')}\n`, { mode: 0o600 });
    if (previous) writeFileSync(previousCardKeyPath(file), `${previous.toString('hex')}\n`, { mode: 0o600 });
    return file;
  }

  it.each([
    ['/srv/ratssaal/keys/card-master.key', '/srv/ratssaal/keys/card-master.previous.key'],
    ['/etc/ratssaal/cards', '/etc/ratssaal/cards.previous'],
  ])('%s has its previous key at %s', (file, previous) => expect(previousCardKeyPath(file)).toBe(previous));

  it('accepts a card that still carries the previous key, says so, and says which card to re-personalise', async () => {
    const lines: string[] = [];
    const auth = cardAuthenticatorFor(keys(NEW, OLD), 'challenge-response', (l) => lines.push(l))!;
    expect(auth.rotating).toBe(true);
    expect(lines.join('\n')).toMatch(/Schlüsselwechsel.*key rotation: cards with the previous key are still accepted until .*card-master\.previous\.key is removed/);
    await expect(auth.verify(over(cardWith(NEW)), uid)).resolves.not.toHaveProperty('previousKey');
    expect(lines).toHaveLength(1);
    await expect(auth.verify(over(cardWith(OLD)), uid)).resolves.toMatchObject({ previousKey: true });
    expect(lines[1]).toMatch(new RegExp(`card ${uid} still carries the previous key – re-personalise it \\(npm run cards -- personalise --from-key-file .*card-master\\.previous\\.key\\)`));
    // neither key: refused, as before
    await expect(auth.verify(over(cardWith(Buffer.alloc(16, 9))), uid)).rejects.toMatchObject({ reason: 'wrong-key' });
    // no key text in any line
    for (const l of lines) expect(l).not.toMatch(new RegExp(`${NEW.toString('hex')}|${OLD.toString('hex')}`, 'i'));
  });

  it('without the previous key file a card on the old key is refused', async () => {
    const auth = cardAuthenticatorFor(keys(NEW, null), 'challenge-response', () => {})!;
    expect(auth.rotating).toBe(false);
    await expect(auth.verify(over(cardWith(OLD)), uid)).rejects.toMatchObject({ reason: 'wrong-key' });
  });

  it('a second challenge only after the card refused the key: a card without the application is not asked twice', async () => {
    const auth = new CardAuthenticator(NEW, 2000, { previousKey: OLD });
    const sent: string[] = [];
    const noApp = (apdu: Buffer) => {
      sent.push(apdu.toString('hex'));
      return Promise.resolve(Buffer.from('6A82', 'hex'));
    };
    await expect(auth.verify(noApp, uid)).rejects.toMatchObject({ reason: 'select-refused' });
    expect(sent).toHaveLength(1);
  });

  it('ignores a previous key equal to the current one or unreadable, and says why', () => {
    const lines: string[] = [];
    expect(cardAuthenticatorFor(keys(NEW, NEW), 'challenge-response', (l) => lines.push(l))!.rotating).toBe(false);
    expect(lines.join('\n')).toMatch(/previous and current card master key are the same/);
    const file = keys(NEW, null);
    writeFileSync(previousCardKeyPath(file), 'not a key\n', { mode: 0o600 });
    const more: string[] = [];
    expect(cardAuthenticatorFor(file, 'challenge-response', (l) => more.push(l))!.rotating).toBe(false);
    expect(more.join('\n')).toMatch(/previous card master key not usable/);
  });
});
