import { refuse } from './errors';
import { displayName } from './queries';
import { moveRequest, speakerOrder, type RequestKind, type Speech } from './rules/speaker-order';
import type { CouncilState } from './state';

/** The speaker list (Wortmeldungen): one list per agenda item, one floor for the room. */

export type FloorEndReason = 'chair' | 'next-speaker' | 'item-changed' | 'session-interrupted' | 'session-closed';

export type SpeakerEvent =
  | { type: 'FloorRequested'; itemId: string; memberId: string; kind: RequestKind; byHand: boolean }
  | { type: 'FloorRequestWithdrawn'; itemId: string; memberId: string; kind: RequestKind; by: 'member' | 'chair' }
  | { type: 'FloorRequestMoved'; itemId: string; memberId: string; kind: RequestKind; position: number }
  | { type: 'FloorGiven'; itemId: string; memberId: string; kind: RequestKind; limitS: number }
  | { type: 'FloorEnded'; itemId: string; memberId: string; reason: FloorEndReason }
  | { type: 'SpeakerListClosed'; itemId: string }
  | { type: 'SpeakerListReopened'; itemId: string }
  | { type: 'SpeakingTimeSet'; itemId: string; seconds: number };

export type SpeakerCommand =
  | { type: 'requestFloor'; seatId: number; kind: RequestKind }
  | { type: 'withdrawFloorRequest'; seatId: number; kind: RequestKind }
  | { type: 'addFloorRequest'; memberId: string; kind: RequestKind }
  | { type: 'removeFloorRequest'; memberId: string; kind: RequestKind }
  | { type: 'moveFloorRequest'; memberId: string; kind: RequestKind; position: number }
  /** memberId omitted: the next in order. */
  | { type: 'giveFloor'; memberId?: string }
  | { type: 'endFloor' }
  | { type: 'closeSpeakerList' }
  | { type: 'reopenSpeakerList' }
  | { type: 'setSpeakingTime'; seconds: number };

export interface SpeakerRequest {
  memberId: string;
  kind: RequestKind;
  at: string;
  byHand: boolean;
}

export interface SpeakerList {
  /** In recorded order (moves included); speakerOrder() puts points of order ahead. */
  requests: SpeakerRequest[];
  closed: boolean;
  /** Speaking time per speaker on this item; null: the council's default. */
  limitS: number | null;
}

export interface Floor {
  itemId: string;
  memberId: string;
  kind: RequestKind;
  since: string;
  limitS: number;
}

export interface SpeakerState {
  lists: Map<string, SpeakerList>;
  floor: Floor | null;
  /** Every speech of the session, for statistics and the minutes. */
  speeches: Speech[];
}

export function emptySpeakerState(): SpeakerState {
  return { lists: new Map(), floor: null, speeches: [] };
}

export function listOf(state: CouncilState, itemId: string): SpeakerList {
  return state.speakers.lists.get(itemId) ?? { requests: [], closed: false, limitS: null };
}

/** The speaking time that applies on an item: its own setting or the council's default. */
export function speakingLimit(state: CouncilState, itemId: string): number {
  return listOf(state, itemId).limitS ?? state.register?.profile.speakingTimeSeconds ?? 300;
}

function currentItem(state: CouncilState): string {
  if (state.currentItemId === null) refuse('no-item-selected');
  return state.currentItemId;
}

function memberAtSeat(state: CouncilState, seatId: number) {
  if (!state.seats.has(seatId)) refuse('seat-unknown', { seat: seatId });
  const id = state.seatOccupant.get(seatId);
  const member = id === undefined ? undefined : state.members.get(id);
  if (!member) refuse('not-checked-in');
  return member;
}

function presentMember(state: CouncilState, memberId: string) {
  const member = state.members.get(memberId);
  if (!member) refuse('member-unknown', { member: memberId });
  if (!state.attendance.has(memberId)) refuse('member-not-present', { name: displayName(member) });
  return member;
}

function requireSessionRunning(state: CouncilState): void {
  if (state.lifecycle.status === 'interrupted') refuse('session-interrupted');
  if (state.lifecycle.status === 'closed') refuse('session-closed');
}

function request(state: CouncilState, memberId: string, kind: RequestKind, byHand: boolean): SpeakerEvent[] {
  requireSessionRunning(state);
  const itemId = currentItem(state);
  const list = listOf(state, itemId);
  const member = state.members.get(memberId);
  const name = member ? displayName(member) : memberId;
  // a point of order is always possible: it is about the procedure, also of a closed list
  if (list.closed && kind === 'ordinary') refuse('speaker-list-closed');
  if (list.requests.some((r) => r.memberId === memberId && r.kind === kind)) refuse('floor-already-requested', { name });
  return [{ type: 'FloorRequested', itemId, memberId, kind, byHand }];
}

function withdraw(state: CouncilState, memberId: string, kind: RequestKind, by: 'member' | 'chair'): SpeakerEvent[] {
  const itemId = currentItem(state);
  if (!listOf(state, itemId).requests.some((r) => r.memberId === memberId && r.kind === kind)) refuse('floor-request-unknown');
  return [{ type: 'FloorRequestWithdrawn', itemId, memberId, kind, by }];
}

/** Ends the floor, if anyone has it, for a reason (used by item changes and the lifecycle too). */
export function endFloorEvents(state: CouncilState, reason: FloorEndReason): SpeakerEvent[] {
  const f = state.speakers.floor;
  return f ? [{ type: 'FloorEnded', itemId: f.itemId, memberId: f.memberId, reason }] : [];
}

export function decideSpeakers(state: CouncilState, c: SpeakerCommand): SpeakerEvent[] {
  switch (c.type) {
    case 'requestFloor':
      return request(state, memberAtSeat(state, c.seatId).id, c.kind, false);
    case 'withdrawFloorRequest':
      return withdraw(state, memberAtSeat(state, c.seatId).id, c.kind, 'member');
    case 'addFloorRequest':
      return request(state, presentMember(state, c.memberId).id, c.kind, true);
    case 'removeFloorRequest':
      if (!state.members.has(c.memberId)) refuse('member-unknown', { member: c.memberId });
      return withdraw(state, c.memberId, c.kind, 'chair');
    case 'moveFloorRequest': {
      const itemId = currentItem(state);
      if (!Number.isInteger(c.position) || c.position < 0) refuse('validation-failed', { detail: 'position' });
      if (!moveRequest(listOf(state, itemId).requests, c.memberId, c.kind, c.position)) refuse('floor-request-unknown');
      return [{ type: 'FloorRequestMoved', itemId, memberId: c.memberId, kind: c.kind, position: c.position }];
    }
    case 'giveFloor': {
      requireSessionRunning(state);
      const itemId = currentItem(state);
      let memberId = c.memberId;
      let kind: RequestKind = 'ordinary';
      const queued = speakerOrder(listOf(state, itemId).requests);
      if (memberId === undefined) {
        const next = queued[0];
        if (!next) refuse('speaker-list-empty');
        memberId = next.memberId;
        kind = next.kind;
      } else {
        // given by name: the member's point of order first, else their ordinary request, else freely
        const own = queued.find((r) => r.memberId === memberId);
        if (own) kind = own.kind;
      }
      presentMember(state, memberId);
      const f = state.speakers.floor;
      if (f && f.memberId === memberId && f.itemId === itemId) refuse('floor-already-given');
      return [
        ...endFloorEvents(state, 'next-speaker'),
        { type: 'FloorGiven', itemId, memberId, kind, limitS: speakingLimit(state, itemId) },
      ];
    }
    case 'endFloor':
      if (!state.speakers.floor) refuse('floor-not-given');
      return endFloorEvents(state, 'chair');
    case 'closeSpeakerList': {
      const itemId = currentItem(state);
      if (listOf(state, itemId).closed) refuse('speaker-list-closed');
      return [{ type: 'SpeakerListClosed', itemId }];
    }
    case 'reopenSpeakerList': {
      const itemId = currentItem(state);
      if (!listOf(state, itemId).closed) refuse('speaker-list-open');
      return [{ type: 'SpeakerListReopened', itemId }];
    }
    case 'setSpeakingTime': {
      const itemId = currentItem(state);
      if (!Number.isInteger(c.seconds) || c.seconds < 0 || c.seconds > 7200) refuse('validation-failed', { detail: 'seconds' });
      return [{ type: 'SpeakingTimeSet', itemId, seconds: c.seconds }];
    }
  }
}

function mutableList(state: CouncilState, itemId: string): SpeakerList {
  let list = state.speakers.lists.get(itemId);
  if (!list) {
    list = { requests: [], closed: false, limitS: null };
    state.speakers.lists.set(itemId, list);
  }
  return list;
}

function dropRequest(list: SpeakerList, memberId: string, kind: RequestKind): void {
  list.requests = list.requests.filter((r) => !(r.memberId === memberId && r.kind === kind));
}

export function applySpeakers(state: CouncilState, e: SpeakerEvent, at: string): void {
  const s = state.speakers;
  switch (e.type) {
    case 'FloorRequested':
      mutableList(state, e.itemId).requests.push({ memberId: e.memberId, kind: e.kind, at, byHand: e.byHand });
      return;
    case 'FloorRequestWithdrawn':
      dropRequest(mutableList(state, e.itemId), e.memberId, e.kind);
      return;
    case 'FloorRequestMoved': {
      const list = mutableList(state, e.itemId);
      const moved = moveRequest(list.requests, e.memberId, e.kind, e.position);
      if (!moved) throw new Error(`log inconsistent: move of an unknown request of ${e.memberId}`);
      list.requests = moved;
      return;
    }
    case 'FloorGiven':
      dropRequest(mutableList(state, e.itemId), e.memberId, e.kind);
      s.floor = { itemId: e.itemId, memberId: e.memberId, kind: e.kind, since: at, limitS: e.limitS };
      s.speeches.push({ memberId: e.memberId, itemId: e.itemId, kind: e.kind, from: at, to: null });
      return;
    case 'FloorEnded': {
      s.floor = null;
      const speech = s.speeches.findLast((x) => x.memberId === e.memberId && x.to === null);
      if (speech) speech.to = at;
      return;
    }
    case 'SpeakerListClosed':
      mutableList(state, e.itemId).closed = true;
      return;
    case 'SpeakerListReopened':
      mutableList(state, e.itemId).closed = false;
      return;
    case 'SpeakingTimeSet':
      mutableList(state, e.itemId).limitS = e.seconds;
      // the chair extends or shortens the running speech too
      if (s.floor && s.floor.itemId === e.itemId) s.floor.limitS = e.seconds;
      return;
  }
}
