/** Helpers for tests that talk APDUs with a card model or a scripted card. */
import { expect } from 'vitest';
import { SELECT_NTAG424_APPLICATION, type ApduTransport } from '../../drivers/card-readers/card-auth';

/** Bytes from hex, spaces allowed. */
export const hex = (s: string): Buffer => Buffer.from(s.replace(/\s/g, ''), 'hex');
/** Upper-case hex of bytes. */
export const HEX = (b: Buffer): string => b.toString('hex').toUpperCase();

export const SELECT = HEX(SELECT_NTAG424_APPLICATION);

/** A transport that answers from a script and fails on any other command. */
export function scripted(steps: [command: string, answer: string][]): ApduTransport & { remaining: () => number } {
  const queue = [...steps];
  const t = (command: Buffer) => {
    const step = queue.shift();
    if (!step) return Promise.reject(new Error(`unexpected command ${HEX(command)}`));
    expect(HEX(command)).toBe(step[0]);
    return Promise.resolve(hex(step[1]));
  };
  return Object.assign(t, { remaining: () => queue.length });
}

/** A card model (e.g. Ntag424Application) as a transport; a command it does not know answers 6D00. */
export const over =
  (card: { answer(apdu: Buffer): Buffer | null }): ApduTransport =>
  (apdu) =>
    Promise.resolve(card.answer(apdu) ?? hex('6D00'));
