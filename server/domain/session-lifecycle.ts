import { refuse } from './errors';
import { endFloorEvents, type SpeakerEvent } from './speakers';
import type { CouncilState } from './state';

/** Opening, interruptions and closing of the session, with server times for the minutes (RULES.md §9). */

export type SessionStatus = 'planned' | 'open' | 'interrupted' | 'closed';

export type LifecycleEvent =
  | { type: 'SessionOpened' }
  | { type: 'SessionInterrupted'; reason: string }
  | { type: 'SessionResumed' }
  | { type: 'SessionClosed' };

export type LifecycleCommand =
  | { type: 'openSession' }
  | { type: 'interruptSession'; reason: string }
  | { type: 'resumeSession' }
  | { type: 'closeSession' };

export interface Interruption {
  reason: string;
  from: string;
  to: string | null;
}

export interface LifecycleState {
  status: SessionStatus;
  openedAt: string | null;
  closedAt: string | null;
  interruptions: Interruption[];
}

export function emptyLifecycle(): LifecycleState {
  return { status: 'planned', openedAt: null, closedAt: null, interruptions: [] };
}

export function decideLifecycle(state: CouncilState, c: LifecycleCommand): (LifecycleEvent | SpeakerEvent)[] {
  const status = state.lifecycle.status;
  switch (c.type) {
    case 'openSession':
      if (status !== 'planned') refuse('session-state', { status });
      return [{ type: 'SessionOpened' }];
    case 'interruptSession': {
      if (status !== 'open') refuse('session-state', { status });
      const reason = c.reason.trim();
      if (reason === '') refuse('reason-required');
      // a vote runs to its end or is cancelled with its own reason: an interruption does not hide it
      if (state.openVoteId !== null) refuse('vote-already-open');
      return [...endFloorEvents(state, 'session-interrupted'), { type: 'SessionInterrupted', reason }];
    }
    case 'resumeSession':
      if (status !== 'interrupted') refuse('session-state', { status });
      return [{ type: 'SessionResumed' }];
    case 'closeSession':
      if (status !== 'open' && status !== 'interrupted') refuse('session-state', { status });
      if (state.openVoteId !== null) refuse('vote-already-open');
      return [...endFloorEvents(state, 'session-closed'), { type: 'SessionClosed' }];
  }
}

export function applyLifecycle(state: CouncilState, e: LifecycleEvent, at: string): void {
  const l = state.lifecycle;
  switch (e.type) {
    case 'SessionOpened':
      l.status = 'open';
      l.openedAt = at;
      return;
    case 'SessionInterrupted':
      l.status = 'interrupted';
      l.interruptions.push({ reason: e.reason, from: at, to: null });
      return;
    case 'SessionResumed': {
      l.status = 'open';
      const last = l.interruptions.at(-1);
      if (last) last.to = at;
      return;
    }
    case 'SessionClosed': {
      const last = l.interruptions.at(-1);
      if (last && last.to === null) last.to = at;
      l.status = 'closed';
      l.closedAt = at;
      return;
    }
  }
}
