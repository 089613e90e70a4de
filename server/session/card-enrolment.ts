import { DomainError } from '../domain/errors';
import { decide } from '../domain/decide';
import { displayName } from '../domain/queries';
import { errorPayload, type ErrorCode } from '../protocol/errors';
import type { ClerkExtras } from '../domain/clerk-view';
import type { Actor } from '../domain/events';
import type { SessionService } from './service';
import { cardPolicyOf, type CardAssurance } from '../domain/card-assurance';
import type { CardCredential } from '../../drivers/card-readers/types';
import { statusWordHex } from '../../drivers/card-readers/card-auth';
import type { CardSetup, SetupFrom } from './card-setup';
import { recordIfNotGenuine } from './card-login';

export interface CardEnrolmentOptions {
  session: SessionService;
  /** How long the mode waits for a card. */
  timeoutMs?: number;
  /** The mode or its last result changed: push the clerk's view. */
  onChange: () => void;
  /** Turns a refusal into its typed payload (the realtime door's mapping). */
  describeError?: (err: unknown) => { de: string; en: string };
  /**
   * Cloning-resistant cards: writes the council's key onto a new card (or one still on the
   * previous master key) while it lies on a reader at the server, before it is registered.
   */
  setup?: CardSetup | null;
  clock?: () => Date;
}

interface Armed {
  memberId: string;
  name: string;
  expiresAt: string;
  actor: Actor;
  timer: NodeJS.Timeout;
  /** Why the tap before did not register a card (the mode waits again for the same member). */
  notice: { de: string; en: string } | null;
}

/** A card being set up: taken by the mode, its key being written. */
interface Working {
  memberId: string;
  name: string;
  actor: Actor;
  expiresAt: string;
  /** The clerk cancelled meanwhile: no waiting again after a failed attempt. */
  cancelled: boolean;
}

/**
 * "Register card" mode. While armed for a member, the next card tapped on ANY reader becomes
 * that member's card instead of a check-in. The mode ends after one card, on cancel or on
 * time-out. It is not part of the record; the registration it leads to is (CardRegistered).
 *
 * With cloning-resistant cards, a new card (factory key) tapped at a reader of the server is
 * set up first: its key is written and checked while it lies there, then it is registered as a
 * genuine card. A card pulled away too early registers nothing, and the mode waits for it again.
 */
export class CardEnrolment {
  private armed: Armed | null = null;
  private working: Working | null = null;
  private last: ClerkExtras['lastCardResult'] = null;
  /** Readers whose card was taken for a registration: its removal is not a check-out. */
  private readonly takenOn = new Set<string>();
  private readonly timeoutMs: number;
  private readonly clock: () => Date;

  constructor(private readonly o: CardEnrolmentOptions) {
    this.timeoutMs = o.timeoutMs ?? 60_000;
    this.clock = o.clock ?? (() => new Date());
  }

  extras(): ClerkExtras {
    const a = this.armed;
    const w = this.working;
    const cardMode = w
      ? { memberId: w.memberId, name: w.name, expiresAt: w.expiresAt, phase: 'setting-up' as const, notice: null }
      : a
        ? { memberId: a.memberId, name: a.name, expiresAt: a.expiresAt, phase: 'waiting' as const, notice: a.notice }
        : null;
    return { cardMode, lastCardResult: this.last };
  }

  start(memberId: string, actor: Actor): { expiresAt: string } {
    const member = this.o.session.state.members.get(memberId);
    if (!member) throw new DomainError('member-unknown', { member: memberId });
    const busy = this.armed ?? this.working;
    if (busy) throw new DomainError('card-mode-active', { name: busy.name });
    const expiresAt = this.arm(memberId, displayName(member), actor, null);
    this.o.onChange();
    return { expiresAt };
  }

  cancel(): void {
    if (this.working) {
      // the card on the reader is being written: that finishes, but nothing waits afterwards
      this.working.cancelled = true;
      return;
    }
    if (!this.armed) throw new DomainError('card-mode-inactive');
    this.end();
  }

  close(): void {
    if (this.armed) clearTimeout(this.armed.timer);
    this.armed = null;
    if (this.working) this.working.cancelled = true;
  }

  /** A card arrived on a reader: true when the mode took it (then it is no check-in). */
  takeCard(readerId: string, credential: Pick<CardCredential, 'uid' | 'assurance' | 'authFailure' | 'previousKey'>): boolean {
    const a = this.armed;
    if (!a) return false;
    this.armed = null;
    clearTimeout(a.timer);
    this.takenOn.add(readerId);
    const from = this.o.setup?.wants(credential) ?? null;
    if (from === null) this.register(a, credential.uid, credential.assurance, false);
    else void this.setUp(a, readerId, credential.uid, from, credential.assurance);
    return true;
  }

  /** A card left a reader: true when it was the card taken for a registration. */
  takeRemoval(readerId: string): boolean {
    return this.takenOn.delete(readerId);
  }

  private arm(memberId: string, name: string, actor: Actor, notice: Armed['notice']): string {
    const expiresAt = new Date(this.clock().getTime() + this.timeoutMs).toISOString();
    const timer = setTimeout(() => this.end(), this.timeoutMs);
    timer.unref();
    this.armed = { memberId, name, expiresAt, actor, timer, notice };
    return expiresAt;
  }

  private register(a: Pick<Armed, 'memberId' | 'name' | 'actor'>, uid: string, assurance: CardAssurance, personalised: boolean): void {
    this.o.session.submit({ type: 'registerCard', memberId: a.memberId, cardUid: uid, assurance }, a.actor).then(
      () => this.report(a, uid, { registered: true, personalised }),
      (err: unknown) => {
        recordIfNotGenuine(this.o.session, err, { seatId: null, cardUid: uid, purpose: 'registration' }, a.actor, (m, e) => console.warn(m, e));
        this.refused(a, uid, this.describe(err));
      },
    );
  }

  private refused(a: Pick<Armed, 'memberId' | 'name'>, uid: string, message: { de: string; en: string }): void {
    this.report(a, uid, { message });
  }

  /**
   * The tap's result on the clerk's screen: the card registered (set up or not), the member's own
   * card renewed (registered: false), or refused with the reason.
   */
  private report(a: Pick<Armed, 'memberId' | 'name'>, uid: string, r: { registered: boolean; personalised: boolean } | { message: { de: string; en: string } }): void {
    const base = { memberId: a.memberId, name: a.name, uid, at: this.clock().toISOString() };
    this.last = 'message' in r ? { ...base, ok: false, personalised: false, registered: false, message: r.message } : { ...base, ok: true, ...r, message: null };
    this.o.onChange();
  }

  private describe(err: unknown): { de: string; en: string } {
    return this.o.describeError?.(err) ?? errorPayload('internal-error').message;
  }

  /**
   * Sets the card up, then registers it. The register's own refusals (card of another member,
   * revoked …) come first: a card that may not be registered is not written to.
   */
  private async setUp(a: Armed, readerId: string, uid: string, from: SetupFrom, assurance: CardAssurance): Promise<void> {
    // the member's own card already: its key is renewed, nothing is registered (e.g. a key rotation)
    let renewOnly: DomainError | null = null;
    try {
      decide(this.o.session.state, { type: 'registerCard', memberId: a.memberId, cardUid: uid, assurance: 'challenge-response' });
    } catch (err) {
      if (!(err instanceof DomainError && err.code === 'card-already-registered')) return this.refused(a, uid, this.describe(err));
      renewOnly = err;
    }
    const setup = this.o.setup!;
    const w: Working = { memberId: a.memberId, name: a.name, actor: a.actor, expiresAt: a.expiresAt, cancelled: false };
    this.working = w;
    this.o.onChange();
    let retry: { code: ErrorCode; params?: Record<string, string> } | null = null;
    const began = performance.now();
    try {
      const work = await setup.run(readerId, uid, from);
      const logged = work.kind === 'done' ? work.result.kind : work.kind;
      console.log(`Karte ${uid} einrichten an ${readerId}: ${logged} (${Math.round(performance.now() - began)} ms) / card ${uid} set-up at ${readerId}: ${logged}`);
      if (work.kind === 'card-gone') retry = { code: 'card-setup-interrupted' };
      else if (work.kind === 'unsupported') {
        // a seat agent's reader: the server cannot write the card there
        if (renewOnly || (from === 'factory' && cardPolicyOf(this.o.session.state) === 'challenge-response')) retry = { code: 'card-setup-elsewhere' };
        else this.register(a, uid, from === 'previous' ? 'challenge-response' : assurance, false);
      } else {
        const outcome = work.result;
        switch (outcome.kind) {
          case 'personalised':
          case 'already':
            if (!renewOnly) this.register(a, uid, 'challenge-response', outcome.kind === 'personalised');
            // the member's own card got the current key; its registration stays as it was
            else if (outcome.kind === 'personalised') this.report(a, uid, { registered: false, personalised: true });
            else this.refused(a, uid, this.describe(renewOnly));
            break;
          case 'wrong-key':
          case 'no-application':
            // neither the factory key nor the council's: a card of another system, or a copy
            if (renewOnly) this.refused(a, uid, this.describe(renewOnly));
            else this.register(a, uid, from === 'previous' ? 'challenge-response' : assurance, false);
            break;
          case 'left-before':
          case 'left-during':
            retry = { code: 'card-setup-interrupted' };
            break;
          case 'change-refused':
            retry = { code: 'card-setup-refused', params: { sw: statusWordHex(outcome.sw) } };
            break;
          case 'unverified':
            retry = { code: 'card-setup-unverified' };
            break;
        }
      }
    } catch (err) {
      console.warn(`the card ${uid} on reader ${readerId} could not be set up`, err);
      retry = { code: 'card-setup-interrupted' };
    } finally {
      this.working = null;
    }
    if (retry === null) return;
    const message = errorPayload(retry.code, retry.params ?? {}).message;
    // nothing was registered: the mode waits for the card again, unless the clerk cancelled
    if (!w.cancelled && !this.armed) this.arm(a.memberId, a.name, a.actor, message);
    this.refused(a, uid, message);
  }

  private end(): void {
    if (this.armed) clearTimeout(this.armed.timer);
    this.armed = null;
    this.o.onChange();
  }
}
