/**
 * The card master key file, as the server and a seat agent read it: 16 bytes as 32 hex digits,
 * and during a key rotation the previous master key in a file beside it (docs/card-keys.md).
 */
import { readFileSync, statSync } from 'node:fs';

export class CardKeyError extends Error {}

export function parseCardKey(text: string, file: string): Buffer {
  const hex = text.trim().replace(/\s/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new CardKeyError(`the card master key in ${file} is not 32 hex digits (16 bytes)`);
  return Buffer.from(hex, 'hex');
}

/** Reads the key; throws CardKeyError with the reason when it is missing, unreadable or malformed. */
export function readCardKey(file: string): Buffer {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'cannot be read (permissions)' : `cannot be read (${code ?? String(err)})`;
    throw new CardKeyError(`the card master key file ${file} ${why}`);
  }
  return parseCardKey(text, file);
}

/** Reads the key when the file exists; null when there is none. Other problems still throw. */
export function readCardKeyIfPresent(file: string): Buffer | null {
  try {
    statSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
  }
  return readCardKey(file);
}

/** Whether group or others may read the file (a key should be 0600). */
export function keyFileTooOpen(file: string): boolean {
  return (statSync(file).mode & 0o077) !== 0;
}

/** During a key rotation the previous master key lies beside the current one: card-master.key -> card-master.previous.key. */
export function previousCardKeyPath(file: string): string {
  return file.endsWith('.key') ? `${file.slice(0, -'.key'.length)}.previous.key` : `${file}.previous`;
}

/** The previous master key beside a key file: none, usable, equal to the current one, or unusable (why). */
export type PreviousKey =
  | { kind: 'none'; file: string }
  | { kind: 'key'; file: string; key: Buffer }
  | { kind: 'same'; file: string }
  | { kind: 'unusable'; file: string; reason: string };

/** Reads the previous master key beside `file` (a key rotation under way), if there is one. */
export function previousKeyBeside(file: string, key: Buffer): PreviousKey {
  const previousFile = previousCardKeyPath(file);
  let previous: Buffer | null;
  try {
    previous = readCardKeyIfPresent(previousFile);
  } catch (err) {
    return { kind: 'unusable', file: previousFile, reason: err instanceof Error ? err.message : String(err) };
  }
  if (previous === null) return { kind: 'none', file: previousFile };
  if (previous.equals(key)) return { kind: 'same', file: previousFile };
  return { kind: 'key', file: previousFile, key: previous };
}
