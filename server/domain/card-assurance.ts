import type { CardAuthentication } from '../protocol/register';
import { refuse } from './errors';
import type { DomainEvent } from './events';
import type { CouncilState } from './state';

/** How a card's identity was established by the reader: a plain UID read or a verified challenge. */
export type CardAssurance = 'uid' | 'challenge-response';

/** What the card was presented for when it failed: logging in at a seat, or the clerk's registration. */
export type CardAuthPurpose = 'login' | 'registration';

/**
 * A card presented a UID but did not prove it is genuine while the council requires it. A
 * security note for the record: it changes no attendance, no card, no vote.
 */
export interface CardAuthenticationFailedEvent {
  type: 'CardAuthenticationFailed';
  /** The seat it was presented at; null: a reader no seat is mapped to (registration). */
  seatId: number | null;
  uid: string;
  /** The member the UID is registered to, when it is. */
  memberId: string | null;
  purpose: CardAuthPurpose;
}

export type CardAuthCommand = {
  type: 'recordCardAuthenticationFailure';
  seatId: number | null;
  cardUid: string;
  purpose: CardAuthPurpose;
};

/** One failed attempt as the state keeps it for the chair's notices and the minutes. */
export interface CardAuthFailureRecord {
  at: string;
  seatId: number | null;
  uid: string;
  memberId: string | null;
  purpose: CardAuthPurpose;
}

/** The policy table: whether a card with this assurance may log in or be registered. */
export function cardAssuranceSuffices(policy: CardAuthentication, assurance: CardAssurance): boolean {
  return policy === 'uid' || assurance === 'challenge-response';
}

export function cardPolicyOf(state: CouncilState): CardAuthentication {
  return state.register?.profile.cardAuthentication ?? 'uid';
}

/** Refuses a card whose assurance the council's policy does not accept. */
export function requireGenuineCard(state: CouncilState, assurance: CardAssurance | undefined): void {
  if (!cardAssuranceSuffices(cardPolicyOf(state), assurance ?? 'uid')) refuse('card-not-genuine');
}

export function decideCardAuth(state: CouncilState, c: CardAuthCommand): DomainEvent[] {
  if (c.seatId !== null && !state.seats.has(c.seatId)) refuse('seat-unknown', { seat: c.seatId });
  return [{ type: 'CardAuthenticationFailed', seatId: c.seatId, uid: c.cardUid, memberId: state.cards.get(c.cardUid) ?? null, purpose: c.purpose }];
}

/** How many failed attempts the state keeps for the chair's notices (the log keeps all). */
export const CARD_ALERTS_KEPT = 20;

export function applyCardAuth(state: CouncilState, e: CardAuthenticationFailedEvent, at: string): void {
  state.cardAuthFailures.push({ at, seatId: e.seatId, uid: e.uid, memberId: e.memberId, purpose: e.purpose });
  if (state.cardAuthFailures.length > CARD_ALERTS_KEPT) state.cardAuthFailures.splice(0, state.cardAuthFailures.length - CARD_ALERTS_KEPT);
}
