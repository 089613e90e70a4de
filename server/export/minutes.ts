import { displayName } from '../domain/queries';
import type { Actor, LoggedEvent } from '../domain/events';
import type { Tally } from '../protocol/common';
import type { AgendaItem, Register } from '../protocol/register';
import { GENESIS_HASH } from '../store/event-store';
import {
  MINUTES_FORMAT,
  type AttendanceRecord,
  type AttendanceSpan,
  type BiasRecord,
  type Minutes,
  type MinutesElection,
  type MinutesItem,
  type MinutesVote,
  type NamedChoice,
  type QuorumRecord,
  type MinutesRecordNote,
  type SecurityNote,
} from './schema';

/** One logged event with its envelope, as read from the store. */
export interface LogEntry {
  seq: number;
  at: string;
  actor: Actor;
  event: LoggedEvent;
  hash: string;
}

/** The minutes under construction; reducers add to it in log order. */
interface Draft {
  register: Register | null;
  items: Map<string, MinutesItem>;
  votes: Map<string, MinutesVote>;
  elections: Map<string, MinutesElection>;
  /** Open/named: member -> last ballot (a later ballot replaces an earlier one). */
  ballots: Map<string, Map<string, { choice: NamedChoice['choice']; seatId: number; manual: boolean }>>;
  participants: Map<string, Set<string>>;
  attendance: Map<string, AttendanceRecord>;
  bias: Map<string, Map<string, BiasRecord>>;
  quorum: QuorumRecord[];
  currentItemId: string | null;
  times: Minutes['times'];
  other: Map<string, number>;
  security: SecurityNote[];
  /** Declarations and notes by id, with the item they belong to (null: the session). */
  notes: Map<string, { itemId: string | null; note: MinutesRecordNote }>;
}

type Reducer<E extends LoggedEvent> = (d: Draft, e: E, entry: LogEntry) => void;
/**
 * Partial: event types without a case here are counted in `otherEvents` and named in the
 * minutes as not rendered, never dropped silently.
 */
type Reducers = { [K in LoggedEvent['type']]?: Reducer<Extract<LoggedEvent, { type: K }>> };

function newItem(i: AgendaItem): MinutesItem {
  return {
    id: i.id,
    number: i.number,
    title: i.title,
    public: i.public,
    motion: i.motion ?? null,
    documentRef: i.documentRef ?? null,
    calledAt: [],
    votes: [],
    bias: [],
    elections: [],
    requestFindings: [],
    speakers: [],
    notes: [],
  };
}

/** By chair or clerk instead of a card or the member's own seat. */
const isManual = (actor: Actor): boolean => actor.kind === 'chair' || actor.kind === 'clerk';

function seatLabel(d: Draft, seatId: number): string {
  return d.register?.seats.find((s) => s.id === seatId)?.label ?? String(seatId);
}

/**
 * One case per event type: a new event type adds one entry here. Events the minutes do not know
 * (from a newer version of the log) are counted in `otherEvents`, never dropped silently.
 */
const REDUCERS: Reducers = {
  RegisterLoaded(d, e) {
    // a copy: later register events change it, the log's own event stays as it was
    d.register = structuredClone(e.register);
    d.items = new Map(e.register.session.agenda.map((i) => [i.id, newItem(i)]));
  },
  MemberAdded(d, e) {
    d.register?.members.push(structuredClone(e.member));
  },
  MemberUpdated(d, e) {
    const members = d.register?.members;
    const i = members?.findIndex((m) => m.id === e.member.id) ?? -1;
    if (members && i >= 0) members[i] = structuredClone(e.member);
  },
  MemberRetired(d, e) {
    const m = d.register?.members.find((x) => x.id === e.memberId);
    if (m) m.activeUntil = e.until;
  },
  FactionAdded(d, e) {
    d.register?.factions.push(structuredClone(e.faction));
  },
  FactionUpdated(d, e) {
    const factions = d.register?.factions;
    const i = factions?.findIndex((f) => f.id === e.faction.id) ?? -1;
    if (factions && i >= 0) factions[i] = structuredClone(e.faction);
  },
  SeatAdded(d, e) {
    d.register?.seats.push(structuredClone(e.seat));
  },
  SeatUpdated(d, e) {
    const seats = d.register?.seats;
    const i = seats?.findIndex((x) => x.id === e.seat.id) ?? -1;
    if (seats && i >= 0) seats[i] = structuredClone(e.seat);
  },
  LegalMembersSet(d, e) {
    if (d.register) d.register.body.legalMembers = e.legalMembers;
  },
  ProfileUpdated(d, e) {
    if (d.register) d.register.profile = structuredClone(e.profile);
  },
  AgendaItemAdded(d, e) {
    const entries = [...d.items.entries()];
    entries.splice(Math.min(e.position, entries.length), 0, [e.item.id, newItem(e.item)]);
    d.items = new Map(entries);
  },
  AgendaItemChanged(d, e) {
    const item = d.items.get(e.item.id);
    if (!item) return;
    Object.assign(item, { number: e.item.number, title: e.item.title, public: e.item.public, motion: e.item.motion ?? null, documentRef: e.item.documentRef ?? null });
  },
  AgendaItemMoved(d, e) {
    const entries = [...d.items.entries()];
    const from = entries.findIndex(([id]) => id === e.itemId);
    if (from < 0) return;
    const [moved] = entries.splice(from, 1);
    entries.splice(Math.min(e.position, entries.length), 0, moved!);
    d.items = new Map(entries);
  },
  AgendaItemRemoved(d, e) {
    d.items.delete(e.itemId);
  },
  AgendaImported(d, e) {
    d.items = new Map(e.items.map((i) => [i.id, newItem(i)]));
  },
  FloorGiven(d, e, entry) {
    d.items.get(e.itemId)?.speakers.push({ memberId: e.memberId, kind: e.kind, from: entry.at, to: null });
  },
  FloorEnded(d, e, entry) {
    const speech = d.items.get(e.itemId)?.speakers.findLast((x) => x.memberId === e.memberId && x.to === null);
    if (speech) speech.to = entry.at;
  },
  // the steps before a decision, and the register's card administration: in the log and the
  // JSON export, not in the minutes (the minutes record the speeches, findings and results)
  ...Object.fromEntries(
    (
      [
        'FloorRequested',
        'FloorRequestWithdrawn',
        'FloorRequestMoved',
        'SpeakerListClosed',
        'SpeakerListReopened',
        'SpeakingTimeSet',
        'VoteKindRequested',
        'VoteKindRequestWithdrawn',
        'VoteTemplatePrepared',
        'VoteTemplateRemoved',
        'VoteTemplateUsed',
        'ElectionBallotCast',
        'SecretElectionBallotCast',
        'CardRegistered',
        'CardRevoked',
      ] as const
    ).map((type) => [type, () => undefined]),
  ),
  ItemSelected(d, e, entry) {
    d.currentItemId = e.itemId;
    d.items.get(e.itemId)?.calledAt.push(entry.at);
  },
  CheckedIn(d, e, entry) {
    const record = d.attendance.get(e.memberId) ?? { memberId: e.memberId, spans: [] };
    const span: AttendanceSpan = {
      seatId: e.seatId,
      seatLabel: seatLabel(d, e.seatId),
      from: entry.at,
      to: null,
      manualIn: e.cardUid === null || isManual(entry.actor),
      manualOut: false,
      outReason: null,
    };
    record.spans.push(span);
    d.attendance.set(e.memberId, record);
  },
  CheckedOut(d, e, entry) {
    const span = d.attendance.get(e.memberId)?.spans.findLast((s) => s.to === null);
    if (!span) return;
    span.to = entry.at;
    span.outReason = e.reason;
    span.manualOut = e.reason === 'manual' || isManual(entry.actor);
  },
  VoteOpened(d, e, entry) {
    const vote: MinutesVote = {
      id: e.voteId,
      itemId: e.itemId,
      title: e.title,
      motion: e.motion ?? null,
      kind: e.kind,
      majority: e.majority,
      status: 'open',
      openedAt: entry.at,
      closedAt: null,
      cancelReason: null,
      participants: 0,
      result: null,
      named: null,
      urnMatches: null,
      repeatOf: null,
      interruptions: [],
      corrections: [],
    };
    d.votes.set(e.voteId, vote);
    d.ballots.set(e.voteId, new Map());
    d.participants.set(e.voteId, new Set());
    d.items.get(e.itemId)?.votes.push(vote);
  },
  BallotCast(d, e, entry) {
    d.ballots.get(e.voteId)?.set(e.memberId, { choice: e.choice, seatId: e.seatId, manual: isManual(entry.actor) });
    d.participants.get(e.voteId)?.add(e.memberId);
  },
  SecretBallotCast(d, e) {
    d.participants.get(e.voteId)?.add(e.memberId);
  },
  VoteClosed(d, e, entry) {
    const vote = d.votes.get(e.voteId);
    if (!vote) return;
    const o = e.outcome;
    vote.status = 'closed';
    vote.closedAt = entry.at;
    vote.result = {
      tally: { ...o.tally },
      eligible: o.eligible,
      present: o.present,
      legalMembers: o.legalMembers,
      majorityBase: o.required.baseKind,
      majorityBaseValue: o.required.base,
      neededYes: o.required.neededYes,
      passed: o.passed,
      byFaction: o.byFaction?.map((f) => ({ ...f })) ?? null,
    };
  },
  VoteCancelled(d, e, entry) {
    const vote = d.votes.get(e.voteId);
    if (!vote) return;
    vote.status = 'cancelled';
    vote.closedAt = entry.at;
    vote.cancelReason = e.reason;
  },
  BiasSet(d, e, entry) {
    const onItem = d.bias.get(e.itemId) ?? new Map<string, BiasRecord>();
    d.bias.set(e.itemId, onItem);
    if (e.excluded) {
      const record: BiasRecord = { memberId: e.memberId, reason: e.reason, from: entry.at, to: null };
      onItem.set(e.memberId, record);
      d.items.get(e.itemId)?.bias.push(record);
    } else {
      const record = onItem.get(e.memberId);
      if (record) record.to = entry.at;
      onItem.delete(e.memberId);
    }
  },
  QuorumLackRecorded(d, e, entry) {
    d.quorum.push({ recordedAt: entry.at, present: e.present, threshold: e.threshold, itemId: d.currentItemId, clearedAt: null, clearedPresent: null });
  },
  VoteKindRequestDecided(d, e, entry) {
    d.items.get(e.itemId)?.requestFindings.push({ at: entry.at, kind: e.kind, supporters: e.supporters, required: e.required, met: e.met });
  },
  VoteInterrupted(d, e, entry) {
    d.votes.get(e.voteId)?.interruptions.push({ from: entry.at, to: null, reason: e.reason });
  },
  VoteResumed(d, e, entry) {
    const open = d.votes.get(e.voteId)?.interruptions.findLast((i) => i.to === null);
    if (open) open.to = entry.at;
  },
  VoteRepeated(d, e) {
    const vote = d.votes.get(e.voteId);
    if (vote) vote.repeatOf = { voteId: e.repeatOf, reason: e.reason };
  },
  ElectionPrepared(d, e, entry) {
    const election: MinutesElection = {
      id: e.electionId,
      title: e.title,
      mode: e.mode,
      seats: e.seats,
      method: e.method,
      candidates: e.candidates.map((c) => ({ id: c.id, name: c.name })),
      preparedAt: entry.at,
      objections: 0,
      rounds: [],
      lots: [],
      cancelled: null,
    };
    d.elections.set(e.electionId, election);
    d.items.get(e.itemId)?.elections.push(election);
  },
  ElectionObjected(d, e) {
    const election = d.elections.get(e.electionId);
    if (election) election.objections += 1;
  },
  ElectionRoundOpened(d, e, entry) {
    d.elections.get(e.electionId)?.rounds.push({
      round: e.round,
      runoff: e.runoff,
      secret: e.secret,
      openedAt: entry.at,
      closedAt: null,
      participants: 0,
      counts: {},
      decision: null,
    });
  },
  ElectionRoundClosed(d, e, entry) {
    const election = d.elections.get(e.electionId);
    const round = election?.rounds.find((r) => r.round === e.round);
    if (!election || !round) return;
    round.closedAt = entry.at;
    round.participants = e.participants;
    const nameOf = (id: string) => election.candidates.find((c) => c.id === id)?.name ?? id;
    const o = e.outcome;
    if (o.mode === 'persons') {
      round.counts = { ...o.result.counts };
      const dec = o.result.decision;
      round.decision =
        dec.kind === 'elected'
          ? `gewählt: ${nameOf(dec.candidateId)}`
          : dec.kind === 'runoff'
            ? `Stichwahl zwischen ${dec.candidates.map(nameOf).join(', ')}`
            : dec.kind === 'lot'
              ? `Losentscheid zwischen ${dec.candidates.map(nameOf).join(', ')}`
              : 'niemand gewählt';
    } else if (o.mode === 'joint') {
      round.counts = { yes: o.yes, no: o.no, abstain: o.abstentions };
      round.decision = o.accepted ? 'einheitlicher Wahlvorschlag einstimmig angenommen' : 'einheitlicher Wahlvorschlag nicht einstimmig angenommen';
    } else {
      round.counts = { ...o.votes, abstain: o.abstentions };
      const seats = Object.entries(o.apportionment.seats).map(([id, n]) => `${nameOf(id)} ${n}`);
      round.decision =
        `Sitze (${o.apportionment.method === 'dhondt' ? "d'Hondt" : 'Hare-Niemeyer'}): ${seats.join(', ')}` +
        (o.apportionment.tie ? `; ${o.apportionment.tie.seatsLeft} Sitz(e) durch Los zwischen ${o.apportionment.tie.tied.map(nameOf).join(', ')}` : '');
    }
  },
  ElectionLotDrawn(d, e, entry) {
    const election = d.elections.get(e.electionId);
    if (!election) return;
    const nameOf = (id: string) => election.candidates.find((c) => c.id === id)?.name ?? id;
    election.lots.push({
      round: e.round,
      at: entry.at,
      method: e.method,
      tied: e.tied.map(nameOf),
      winners: e.winners.map(nameOf),
      randomValue: e.randomValue,
    });
  },
  ElectionCancelled(d, e, entry) {
    const election = d.elections.get(e.electionId);
    if (election) election.cancelled = { at: entry.at, reason: e.reason };
  },
  SessionOpened(d, _e, entry) {
    d.times.openedAt ??= entry.at;
  },
  SessionInterrupted(d, e, entry) {
    d.times.interruptions.push({ from: entry.at, to: null, reason: e.reason });
  },
  SessionResumed(d, _e, entry) {
    const open = d.times.interruptions.findLast((i) => i.to === null);
    if (open) open.to = entry.at;
  },
  SessionClosed(d, _e, entry) {
    d.times.closedAt = entry.at;
    const open = d.times.interruptions.findLast((i) => i.to === null);
    if (open) open.to = entry.at;
  },
  ResultCorrected(d, e, entry) {
    d.votes.get(e.voteId)?.corrections.push({ at: entry.at, tally: { ...e.tally }, passed: e.passed, neededYes: e.neededYes, reason: e.reason, by: e.by });
  },
  RecordNoteAdded(d, e, entry) {
    d.notes.set(e.noteId, { itemId: e.itemId, note: { id: e.noteId, kind: e.kind, memberId: e.memberId, text: e.text, at: entry.at, withdrawn: null } });
  },
  RecordNoteWithdrawn(d, e, entry) {
    const n = d.notes.get(e.noteId);
    if (n) n.note.withdrawn = { at: entry.at, reason: e.reason };
  },
  CardAuthenticationFailed(d, e, entry) {
    d.security.push({
      at: entry.at,
      kind: 'card-authentication-failed',
      seatId: e.seatId,
      seatLabel: e.seatId === null ? null : seatLabel(d, e.seatId),
      uid: e.uid,
      memberId: e.memberId,
      purpose: e.purpose,
    });
  },
  QuorumLackCleared(d, e, entry) {
    const open = d.quorum.findLast((q) => q.clearedAt === null);
    if (!open) return;
    open.clearedAt = entry.at;
    open.clearedPresent = e.present;
  },
};

function reduce(d: Draft, entry: LogEntry): void {
  const reducer = (REDUCERS as Partial<Record<string, Reducer<LoggedEvent>>>)[entry.event.type];
  if (reducer) reducer(d, entry.event, entry);
  else d.other.set(entry.event.type, (d.other.get(entry.event.type) ?? 0) + 1);
}

function sameTally(a: Tally, b: Tally): boolean {
  return a.yes === b.yes && a.no === b.no && a.abstain === b.abstain;
}

/**
 * The minutes of the session recorded in a log: a pure function of the logged events (with their
 * envelopes) and, optionally, the urn's counts (to cross-check secret results).
 * Throws if the log holds no register (there is nothing to write minutes about).
 */
export function buildMinutes(entries: readonly LogEntry[], urn?: ReadonlyMap<string, Tally>): Minutes {
  const d: Draft = {
    register: null,
    items: new Map(),
    votes: new Map(),
    elections: new Map(),
    ballots: new Map(),
    participants: new Map(),
    attendance: new Map(),
    bias: new Map(),
    quorum: [],
    currentItemId: null,
    times: { firstRecordAt: null, lastRecordAt: null, openedAt: null, closedAt: null, interruptions: [] },
    other: new Map(),
    security: [],
    notes: new Map(),
  };
  for (const entry of entries) {
    reduce(d, entry);
    if (entry.event.type !== 'RegisterLoaded' && d.register) {
      d.times.firstRecordAt ??= entry.at;
      d.times.lastRecordAt = entry.at;
    }
  }
  const r = d.register;
  if (!r) throw new Error('the log holds no register: there is no session to write minutes about');

  const memberOrder = new Map(r.members.map((m, i) => [m.id, i]));
  const byRegisterOrder = (a: { memberId: string }, b: { memberId: string }) =>
    (memberOrder.get(a.memberId) ?? Number.MAX_SAFE_INTEGER) - (memberOrder.get(b.memberId) ?? Number.MAX_SAFE_INTEGER);

  for (const vote of d.votes.values()) {
    vote.participants = d.participants.get(vote.id)?.size ?? 0;
    if (vote.kind === 'named' && vote.status === 'closed') {
      vote.named = [...(d.ballots.get(vote.id)?.entries() ?? [])]
        .map(([memberId, b]) => ({ memberId, choice: b.choice, seatId: b.seatId, manual: b.manual }))
        .sort(byRegisterOrder);
    }
    if (vote.kind === 'secret' && vote.status === 'closed' && vote.result && urn) {
      const counted = urn.get(vote.id);
      vote.urnMatches = counted ? sameTally(counted, vote.result.tally) : false;
    }
  }

  // each note under its item, those on the session at the end (an item with a note cannot be
  // removed from the agenda; should a log still hold one, it goes with the session's, not lost)
  const sessionNotes: MinutesRecordNote[] = [];
  for (const { itemId, note } of d.notes.values()) {
    const item = itemId === null ? undefined : d.items.get(itemId);
    if (item) item.notes.push(note);
    else sessionNotes.push(note);
  }

  const last = entries.at(-1);
  return {
    format: MINUTES_FORMAT,
    body: { ...r.body },
    session: { id: r.session.id, title: r.session.title, date: r.session.date, plannedStart: r.session.startTime },
    times: d.times,
    factions: r.factions.map((f) => ({ ...f })),
    members: r.members.map((m) => ({
      id: m.id,
      title: m.title ?? null,
      firstName: m.firstName,
      lastName: m.lastName,
      name: displayName(m),
      factionId: m.factionId,
      votingRight: m.votingRight,
      role: m.role,
    })),
    attendance: [...d.attendance.values()].sort(byRegisterOrder),
    items: [...d.items.values()],
    quorum: d.quorum,
    otherEvents: [...d.other].map(([type, count]) => ({ type, count })).sort((a, b) => (a.type < b.type ? -1 : 1)),
    securityNotes: d.security,
    sessionNotes,
    log: { events: entries.length, lastSeq: last?.seq ?? 0, finalHash: last?.hash ?? GENESIS_HASH },
  };
}
