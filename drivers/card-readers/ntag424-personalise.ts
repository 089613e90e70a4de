/**
 * Personalisation of one NTAG 424 DNA card: its diversified key written into key 0 (ChangeKey in
 * EV2 secure messaging) and checked with a fresh authentication. Pure apart from node:crypto; the
 * transport is the same `apdu(bytes) -> answer bytes` as for the login challenge, so the command
 * line (`npm run cards -- personalise`) and the clerk's card registration at the server's readers
 * run the same code.
 */
import { CardAuthError, type ApduTransport } from './card-auth';
import { authenticateSession, changeKey0, ChangeKeyError } from './ntag424-change-key';

/** The key 0 of an NTAG 424 DNA as it leaves the factory: 16 zero bytes. */
export const FACTORY_KEY: Readonly<Buffer> = Buffer.alloc(16);

/** What one tap did. Only 'personalised' changed the card. */
export type PersonaliseOutcome =
  /** Key 0 changed and the card authenticated with the new key. */
  | { kind: 'personalised' }
  /** The card authenticates with the new key already: nothing was sent to change it. */
  | { kind: 'already' }
  /** The card refused the current key: nothing changed. */
  | { kind: 'wrong-key' }
  /** No NTAG 424 DNA application (SELECT refused): nothing changed. */
  | { kind: 'no-application' }
  /** The card refused ChangeKey (status word): nothing changed. */
  | { kind: 'change-refused'; sw: number }
  /** The card left before ChangeKey was sent: nothing changed. */
  | { kind: 'left-before' }
  /** The card left while ChangeKey was under way: it holds the old or the new key, never half. */
  | { kind: 'left-during' }
  /** ChangeKey was confirmed, but the check with the new key did not finish. */
  | { kind: 'unverified'; detail: string };

export interface PersonaliseCardOptions {
  uid: string;
  /** The key the card holds now (factory: 16 zero bytes). */
  currentKey: Uint8Array;
  /** Its diversified key under the installation's master key. */
  newKey: Uint8Array;
  random?: (n: number) => Buffer;
}

/**
 * One card: the new key first (a card personalised already is left alone), then the current key
 * and ChangeKey of key 0, then the new key again as the check.
 */
export async function personaliseCard(apdu: ApduTransport, o: PersonaliseCardOptions): Promise<PersonaliseOutcome> {
  const rnd = o.random ? { random: o.random } : {};
  try {
    await authenticateSession(apdu, { key: o.newKey, ...rnd });
    return { kind: 'already' };
  } catch (err) {
    if (!(err instanceof CardAuthError)) throw err;
    if (err.reason === 'transport-error' || err.reason === 'timeout') return { kind: 'left-before' };
    if (err.reason === 'select-refused') return { kind: 'no-application' };
  }
  let session;
  try {
    session = await authenticateSession(apdu, { key: o.currentKey, ...rnd });
  } catch (err) {
    if (!(err instanceof CardAuthError)) throw err;
    if (err.reason === 'transport-error' || err.reason === 'timeout') return { kind: 'left-before' };
    if (err.reason === 'select-refused') return { kind: 'no-application' };
    return { kind: 'wrong-key' };
  }
  try {
    await changeKey0(apdu, session, o.newKey);
  } catch (err) {
    if (!(err instanceof ChangeKeyError)) throw err;
    if (err.reason === 'transport-error') return { kind: 'left-during' };
    return { kind: 'change-refused', sw: err.sw ?? -1 };
  }
  try {
    await authenticateSession(apdu, { key: o.newKey, ...rnd });
    return { kind: 'personalised' };
  } catch (err) {
    return { kind: 'unverified', detail: err instanceof Error ? err.message : String(err) };
  }
}
