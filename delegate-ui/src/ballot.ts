import { useCallback, useRef, useState } from 'react';
import { newBallotKey } from '../../server/protocol/client';
import type { Choice } from '../../server/protocol/common';
import type { ErrorCode, ErrorPayload } from '../../server/protocol/errors';
import type { SeatVoteView } from '../../server/protocol/views';
import { sendCommand, type SeatClient } from './live';

/** One ballot attempt: a retry sends the same key, so the server records it at most once. */
export interface Attempt {
  voteId: string;
  choice: Choice;
  key: string;
}

type MyBallot = SeatVoteView['myBallot'];

export type BallotState =
  | { phase: 'idle' }
  | { phase: 'confirm'; choice: Choice; previous: BallotState }
  | { phase: 'sending'; attempt: Attempt; baseline: string }
  | { phase: 'saved'; attempt: Attempt; choice: Choice | null; at: string }
  | { phase: 'refused'; attempt: Attempt; error: ErrorPayload }
  | { phase: 'timeout'; attempt: Attempt; baseline: string }
  | { phase: 'offline'; attempt: Attempt };

/** Refusals a retry cannot fix: the buttons or the view tell the rest. */
const FINAL_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['vote-not-open', 'vote-unknown', 'secret-ballot-final']);

/** What the seat shows as recorded: the server's ack or its pushed view, whichever is newer. */
export interface Recorded {
  /** null: recorded in a secret vote, the choice is not known. */
  choice: Choice | null;
}

export interface BallotDisplay {
  recorded: Recorded | null;
  sending: Choice | null;
  /** A failed attempt the member can retry (same key), or null. */
  failure: { kind: 'refused'; error: ErrorPayload; retry: boolean } | { kind: 'timeout' | 'offline'; retry: true } | null;
}

function ballotFingerprint(b: MyBallot): string {
  return b === null ? '' : `${b.choice ?? '?'}|${b.at ?? ''}`;
}

function time(iso: string | null | undefined): number {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(t) ? -Infinity : t;
}

/** Pure: combine the local attempt with the server's view of this seat's ballot. */
export function displayOf(state: BallotState, vote: SeatVoteView): BallotDisplay {
  const view = vote.myBallot;
  const secret = vote.summary.kind === 'secret';
  let recorded: Recorded | null = view ? { choice: view.choice } : null;
  if (state.phase === 'saved' && (!view || time(state.at) >= time(view.at))) recorded = { choice: state.choice };

  switch (state.phase) {
    case 'sending':
      return { recorded, sending: state.attempt.choice, failure: null };
    case 'timeout': {
      // the answer got lost but the view shows the ballot arrived: the server's word is enough
      const arrived = view !== null && ballotFingerprint(view) !== state.baseline && (secret || view.choice === state.attempt.choice);
      return { recorded, sending: null, failure: arrived ? null : { kind: 'timeout', retry: true } };
    }
    case 'offline':
      return { recorded, sending: null, failure: { kind: 'offline', retry: true } };
    case 'refused':
      return { recorded, sending: null, failure: { kind: 'refused', error: state.error, retry: !FINAL_CODES.has(state.error.code) } };
    default:
      return { recorded, sending: null, failure: null };
  }
}

function pendingAttempt(state: BallotState): Attempt | null {
  switch (state.phase) {
    case 'refused':
    case 'timeout':
    case 'offline':
      return state.attempt;
    case 'confirm':
      return pendingAttempt(state.previous);
    default:
      return null;
  }
}

export interface Ballot {
  state: BallotState;
  display: BallotDisplay;
  /** A touch on a choice button: secret votes ask first. */
  choose: (choice: Choice) => void;
  confirm: () => void;
  cancelConfirm: () => void;
  retry: () => void;
}

/** The ballot state of one seat in one vote; mount it with a key per vote and member. */
export function useBallot(client: SeatClient, vote: SeatVoteView): Ballot {
  const [state, setState] = useState<BallotState>({ phase: 'idle' });
  const inFlight = useRef(false);
  const voteId = vote.summary.id;
  const secret = vote.summary.kind === 'secret';
  const myBallot = vote.myBallot;

  const send = useCallback(
    async (attempt: Attempt) => {
      if (inFlight.current) return;
      inFlight.current = true;
      const baseline = ballotFingerprint(myBallot);
      setState({ phase: 'sending', attempt, baseline });
      try {
        const outcome = await sendCommand(client, 'castBallot', attempt);
        if (outcome.ok) setState({ phase: 'saved', attempt, choice: outcome.data.choice, at: outcome.data.at });
        else if (outcome.kind === 'refused') setState({ phase: 'refused', attempt, error: outcome.error });
        else if (outcome.kind === 'timeout') setState({ phase: 'timeout', attempt, baseline });
        else setState({ phase: 'offline', attempt });
      } catch (err) {
        // whatever went wrong, the ballot is not confirmed: offer the retry with the same key
        console.error('castBallot failed', err);
        setState({ phase: 'timeout', attempt, baseline });
      } finally {
        inFlight.current = false;
      }
    },
    [client, myBallot],
  );

  const cast = useCallback(
    (choice: Choice, from: BallotState) => {
      const pending = pendingAttempt(from);
      // the same choice again after a failure is a retry of that attempt; a new choice is a new attempt
      const key = pending && pending.choice === choice ? pending.key : newBallotKey();
      void send({ voteId, choice, key });
    },
    [send, voteId],
  );

  const choose = useCallback(
    (choice: Choice) => {
      if (state.phase === 'sending' || state.phase === 'confirm') return;
      if (secret) setState({ phase: 'confirm', choice, previous: state });
      else cast(choice, state);
    },
    [cast, secret, state],
  );

  const confirm = useCallback(() => {
    if (state.phase === 'confirm') cast(state.choice, state);
  }, [cast, state]);

  const cancelConfirm = useCallback(() => {
    if (state.phase === 'confirm') setState(state.previous);
  }, [state]);

  const retry = useCallback(() => {
    const pending = pendingAttempt(state);
    if (pending) void send(pending);
  }, [send, state]);

  return { state, display: displayOf(state, vote), choose, confirm, cancelConfirm, retry };
}
