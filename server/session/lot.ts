import { randomBytes } from 'node:crypto';

/**
 * The random value of a lot drawn in the system: 32 bytes from the operating system's CSPRNG,
 * as hex. It is passed into the domain in the command and recorded in the log with the draw,
 * so anyone can recompute the winner from the tied candidates and the value.
 */
export function lotRandomValue(): string {
  return randomBytes(32).toString('hex');
}
