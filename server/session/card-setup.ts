import { withTimeout, type CardAuthenticator } from '../../drivers/card-readers/card-auth';
import { FACTORY_KEY, personaliseCard, type PersonaliseOutcome } from '../../drivers/card-readers/ntag424-personalise';
import type { CardCredential, CardReaderDriver, CardWork } from '../../drivers/card-readers/types';

/** The key a card holds before it is set up: the factory's, or the previous master key's (rotation). */
export type SetupFrom = 'factory' | 'previous';

/** What the clerk's card registration needs to set a card up (tests give their own). */
export interface CardSetup {
  /** Whether a card with this credential is to be set up before it is registered, and from which key. */
  wants(credential: Pick<CardCredential, 'assurance' | 'authFailure' | 'previousKey'>): SetupFrom | null;
  /** Writes the card's key while it lies on the reader, and checks it. */
  run(readerId: string, uid: string, from: SetupFrom): Promise<CardWork<PersonaliseOutcome>>;
}

/** The longest a card may take for a whole set-up (three authentications and ChangeKey). */
const SETUP_TIMEOUT_MS = 5_000;

/**
 * Sets cards up at the readers the server reaches itself (PC/SC, the demo's simulated readers):
 * a card that refused the council's key (an NTAG 424 DNA with another key) is tried with the
 * factory key and, if it has it, gets its diversified key (ChangeKey, docs/card-keys.md); a card
 * that proved only the previous master key gets the current one. A card with any other key is
 * left alone.
 */
export class ReaderCardSetup implements CardSetup {
  constructor(
    private readonly driver: CardReaderDriver,
    private readonly auth: CardAuthenticator,
    /** A card now carries the current key (set up, or found so): e.g. off the rotation list. */
    private readonly onCurrentKey: (uid: string) => void = () => undefined,
  ) {}

  wants(c: Pick<CardCredential, 'assurance' | 'authFailure' | 'previousKey'>): SetupFrom | null {
    if (c.assurance === 'challenge-response') return c.previousKey ? 'previous' : null;
    // the card has the application and refused the key: not a copy without one, not a lost link
    return c.authFailure?.startsWith('wrong-key') ? 'factory' : null;
  }

  async run(readerId: string, uid: string, from: SetupFrom): Promise<CardWork<PersonaliseOutcome>> {
    if (!this.driver.withCard) return { kind: 'unsupported' };
    const currentKey = from === 'factory' ? FACTORY_KEY : this.auth.previousCardKey(uid);
    if (currentKey === null) return { kind: 'unsupported' };
    const work = await this.driver.withCard(readerId, uid, (apdu) =>
      withTimeout(personaliseCard(apdu, { uid, currentKey, newKey: this.auth.cardKey(uid) }), SETUP_TIMEOUT_MS).catch(
        // a card that stopped answering may hold the old or the new key: a new tap tells
        (): PersonaliseOutcome => ({ kind: 'left-during' }),
      ),
    );
    if (work.kind === 'done' && (work.result.kind === 'personalised' || work.result.kind === 'already')) this.onCurrentKey(uid);
    return work;
  }
}
