import { DomainError } from '../domain/errors';
import { displayName } from '../domain/queries';
import { errorPayload } from '../protocol/errors';
import type { ClerkExtras } from '../domain/clerk-view';
import type { Actor } from '../domain/events';
import type { SessionService } from './service';
import type { CardAssurance } from '../domain/card-assurance';
import { recordIfNotGenuine } from './card-login';

export interface CardEnrolmentOptions {
  session: SessionService;
  /** How long the mode waits for a card. */
  timeoutMs?: number;
  /** The mode or its last result changed: push the clerk's view. */
  onChange: () => void;
  /** Turns a refusal into its typed payload (the realtime door's mapping). */
  describeError?: (err: unknown) => { de: string; en: string };
  clock?: () => Date;
}

interface Armed {
  memberId: string;
  name: string;
  expiresAt: string;
  actor: Actor;
  timer: NodeJS.Timeout;
}

/**
 * "Register card" mode. While armed for a member, the next card tapped on ANY reader becomes
 * that member's card instead of a check-in. The mode ends after one card, on cancel or on
 * time-out. It is not part of the record; the registration it leads to is (CardRegistered).
 */
export class CardEnrolment {
  private armed: Armed | null = null;
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
    return { cardMode: a ? { memberId: a.memberId, name: a.name, expiresAt: a.expiresAt } : null, lastCardResult: this.last };
  }

  start(memberId: string, actor: Actor): { expiresAt: string } {
    const member = this.o.session.state.members.get(memberId);
    if (!member) throw new DomainError('member-unknown', { member: memberId });
    if (this.armed) throw new DomainError('card-mode-active', { name: this.armed.name });
    const expiresAt = new Date(this.clock().getTime() + this.timeoutMs).toISOString();
    const timer = setTimeout(() => this.end(), this.timeoutMs);
    timer.unref();
    this.armed = { memberId, name: displayName(member), expiresAt, actor, timer };
    this.o.onChange();
    return { expiresAt };
  }

  cancel(): void {
    if (!this.armed) throw new DomainError('card-mode-inactive');
    this.end();
  }

  close(): void {
    if (this.armed) clearTimeout(this.armed.timer);
    this.armed = null;
  }

  /** A card arrived on a reader: true when the mode took it (then it is no check-in). */
  takeCard(readerId: string, uid: string, assurance?: CardAssurance): boolean {
    const a = this.armed;
    if (!a) return false;
    this.armed = null;
    clearTimeout(a.timer);
    this.takenOn.add(readerId);
    const at = () => this.clock().toISOString();
    this.o.session.submit({ type: 'registerCard', memberId: a.memberId, cardUid: uid, ...(assurance ? { assurance } : {}) }, a.actor).then(
      () => {
        this.last = { memberId: a.memberId, name: a.name, uid, ok: true, message: null, at: at() };
        this.o.onChange();
      },
      (err: unknown) => {
        recordIfNotGenuine(this.o.session, err, { seatId: null, cardUid: uid, purpose: 'registration' }, a.actor, (m, e) => console.warn(m, e));
        const message = this.o.describeError?.(err) ?? errorPayload('internal-error').message;
        this.last = { memberId: a.memberId, name: a.name, uid, ok: false, message, at: at() };
        this.o.onChange();
      },
    );
    return true;
  }

  /** A card left a reader: true when it was the card taken for a registration. */
  takeRemoval(readerId: string): boolean {
    return this.takenOn.delete(readerId);
  }

  private end(): void {
    if (this.armed) clearTimeout(this.armed.timer);
    this.armed = null;
    this.o.onChange();
  }
}
