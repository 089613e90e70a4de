import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CardAuthenticator, cardKeyFor } from '../../drivers/card-readers/card-auth';
import { SimulatedCardReaderDriver } from '../../drivers/card-readers/simulated';
import type { CardCredential } from '../../drivers/card-readers/types';
import { agentAuthenticator, parseArgs } from '../../drivers/seat-agent/cli';
import { cardAuthenticatorFor, CardKeyError, cardKeyPath, readCardKey, runCardsCli } from '../../server/security/card-key';

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
