/**
 * The card master key: 16 random bytes as hex in a file that only the server's user may read.
 * Every card's own key is diversified from it (drivers/card-readers/card-auth.ts). It never goes
 * into the event log and is never sent to a client. docs/card-keys.md says how to handle it.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, constants, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CardAuthenticator, cardKeyFor, normalizeUid } from '../../drivers/card-readers/card-auth';
import { CardKeyError, keyFileTooOpen, previousKeyBeside, readCardKey, readCardKeyIfPresent } from '../../drivers/card-readers/card-key-file';
// the key file's format and the rotation's file name are shared with the seat agent
export { CardKeyError, keyFileTooOpen, parseCardKey, previousCardKeyPath, readCardKey, readCardKeyIfPresent } from '../../drivers/card-readers/card-key-file';
import type { CardAuthentication } from '../protocol/register';
import { runsAsProgram } from '../entry';
import { personaliseCli } from './personalise';

export const DEFAULT_CARD_KEY_FILE = join('keys', 'card-master.key');

/** Where the key lives: RATSSAAL_CARD_KEY_FILE, or keys/card-master.key in the data folder. */
export function cardKeyPath(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  if (env.RATSSAAL_CARD_KEY_FILE) return resolve(cwd, env.RATSSAAL_CARD_KEY_FILE);
  return resolve(cwd, env.RATSSAAL_DATA ?? 'data', DEFAULT_CARD_KEY_FILE);
}

/** Writes a new random key with mode 0600 (its folder 0700). Refuses to overwrite an existing key. */
export function createCardKey(file: string): Buffer {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const key = randomBytes(16);
  let fd: number;
  try {
    // O_EXCL: an existing key is never replaced - every card personalised with it would stop working
    fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new CardKeyError(`${file} exists already; it is not overwritten (cards personalised with it would stop working). See docs/card-keys.md on key rotation.`);
    }
    throw err;
  }
  try {
    writeSync(fd, `${key.toString('hex').toUpperCase()}\n`);
  } finally {
    closeSync(fd);
  }
  return key;
}

/**
 * The authenticator the card-reader drivers use, from the key file. With challenge-response
 * required and no usable key the server must not start: every card would be refused. Without
 * the requirement a missing key only means the challenge is not run (and the clerk cannot
 * switch it on).
 */
export function cardAuthenticatorFor(
  file: string,
  policy: CardAuthentication,
  warn: (line: string) => void,
): CardAuthenticator | null {
  let key: Buffer | null;
  try {
    key = readCardKeyIfPresent(file);
  } catch (err) {
    if (policy === 'challenge-response') throw requiredKeyError(err instanceof Error ? err.message : String(err));
    warn(`Kartenschlüssel nicht nutzbar / card master key not usable: ${err instanceof Error ? err.message : String(err)}`);
    return null;
  }
  if (key === null) {
    if (policy === 'challenge-response') throw requiredKeyError(`the card master key file ${file} does not exist`);
    return null;
  }
  if (keyFileTooOpen(file)) warn(`Kartenschlüssel ist für andere lesbar / card master key is readable by others: chmod 600 ${file}`);
  const previous = previousKeyBeside(file, key);
  const previousFile = previous.file;
  // a rotation file that cannot be read must not stop the cards that already carry the new key
  if (previous.kind === 'unusable') warn(`Voriger Kartenschlüssel nicht nutzbar / previous card master key not usable: ${previous.reason}`);
  if (previous.kind === 'same') warn(`Voriger und aktueller Kartenschlüssel sind gleich / previous and current card master key are the same: ${previousFile} is ignored`);
  if (previous.kind !== 'key') return new CardAuthenticator(key);
  const previousKey = previous.key;
  if (keyFileTooOpen(previousFile)) warn(`Voriger Kartenschlüssel ist für andere lesbar / previous card master key is readable by others: chmod 600 ${previousFile}`);
  warn(
    `Schlüsselwechsel: Karten mit dem vorigen Schlüssel werden noch angenommen, bis ${previousFile} gelöscht ist / ` +
      `key rotation: cards with the previous key are still accepted until ${previousFile} is removed (docs/card-keys.md)`,
  );
  return new CardAuthenticator(key, undefined, {
    previousKey,
    onPreviousKey: (uid) =>
      warn(`Karte ${uid} trägt noch den vorigen Schlüssel – bitte neu personalisieren / card ${uid} still carries the previous key – re-personalise it (npm run cards -- personalise --from-key-file ${previousFile})`),
  });
}


function requiredKeyError(reason: string): CardKeyError {
  return new CardKeyError(
    `Kartenprüfung (Challenge-Response) ist eingestellt, aber kein Kartenschlüssel lesbar / card authentication (challenge-response) is configured but no card master key is readable: ${reason}. ` +
      'Create one with `npm run cards -- init-key`, put the existing key there, or set RATSSAAL_CARD_KEY_FILE (docs/card-keys.md).',
  );
}

const USAGE = `Ratssaal card keys (docs/card-keys.md)

  npm run cards -- init-key [--file <path>]         writes a new random master key (mode 0600); never overwrites
  npm run cards -- diversify <UID> [--file <path>]  prints the AES-128 key of the card with this UID (for ChangeKey of key 0)
  npm run cards -- personalise [--reader <name>] [--from factory | --from-key-file <old key file>] [--count N] [--yes] [--file <path>]
                                                    writes each tapped card's key into its key 0 (ChangeKey), from the
                                                    factory key or an old master key (rotation), and checks it

The key file is RATSSAAL_CARD_KEY_FILE, or keys/card-master.key in the data folder (RATSSAAL_DATA, default data).`;

/** npm run cards -- <command>: exit code 0 on success. */
export function runCardsCli(argv: readonly string[], env: NodeJS.ProcessEnv = process.env, out: (s: string) => void = console.log, err: (s: string) => void = console.error): number {
  const args = [...argv];
  const at = args.indexOf('--file');
  let file = cardKeyPath(env);
  if (at >= 0) {
    const given = args[at + 1];
    if (!given) {
      err('--file needs a path');
      return 2;
    }
    file = resolve(given);
    args.splice(at, 2);
  }
  const [command, ...rest] = args;
  try {
    if (command === 'init-key' && rest.length === 0) {
      createCardKey(file);
      out(`Neuer Kartenschlüssel geschrieben / new card master key written: ${file} (mode 0600)`);
      out('Sicherungskopie an einem verschlossenen Ort anlegen / make a backup and keep it locked away (docs/card-keys.md).');
      return 0;
    }
    if (command === 'diversify' && rest.length === 1) {
      const uid = normalizeUid(rest[0] ?? '');
      out(cardKeyFor(readCardKey(file), uid).toString('hex').toUpperCase());
      return 0;
    }
  } catch (e) {
    err(`Fehler / error: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
  err(USAGE);
  return 2;
}

if (runsAsProgram(import.meta.url, 'cards')) {
  const argv = process.argv.slice(2);
  if (argv[0] === 'personalise') void personaliseCli(argv.slice(1)).then((code) => process.exit(code));
  else process.exit(runCardsCli(argv));
}
