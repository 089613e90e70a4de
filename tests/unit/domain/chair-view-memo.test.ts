import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decide, type Command } from '../../../server/domain/decide';
import { isUrnDeposit, type DomainEvent, type EventMeta } from '../../../server/domain/events';
import { apply, emptyState, type CouncilState } from '../../../server/domain/state';
import { clerkView } from '../../../server/domain/clerk-view';
import { chairView, seatView } from '../../../server/domain/views';
import { EventStore } from '../../../server/store/event-store';
import { recordScriptedSession, type ScriptedSession } from '../../helpers/scripted-session';
import { SEAT, CARD, register } from './fixtures';

/**
 * The chair view keeps its big lists (attendance, history, bias, agenda) between events that
 * cannot change them, the clerk view its register lists and history, the seat views their
 * shared procedure part (request thresholds, election). After every event, the views of the
 * live state (with its kept parts) must equal the views of a state replayed from scratch, which
 * has nothing kept: a stale part fails.
 */
const NO_CARD_MODE = { cardMode: null, lastCardResult: null };

const NOW = '2026-03-12T20:00:00.000Z';

let session: ScriptedSession;
beforeAll(async () => {
  session = await recordScriptedSession();
});
afterAll(() => rmSync(session.dir, { recursive: true, force: true }));

function loggedEvents(): { event: DomainEvent; meta: EventMeta }[] {
  const store = EventStore.open(session.dbPath);
  try {
    return store.load().events.map((e) => ({ event: e.event, meta: { seq: e.seq, at: e.at } }));
  } finally {
    store.close();
  }
}

function replayed(log: readonly { event: DomainEvent; meta: EventMeta }[]): CouncilState {
  const s = emptyState();
  for (const { event, meta } of log) apply(s, event, meta);
  return s;
}

describe('chair view memoization', () => {
  it('equals a fresh build after every event of the scripted session and of later edits', () => {
    const log = loggedEvents();
    expect(log.length).toBeGreaterThan(40);
    const live = emptyState();
    const applied: { event: DomainEvent; meta: EventMeta }[] = [];
    let reused = 0;
    let previous = chairView(live, { now: NOW });
    const step = (event: DomainEvent, meta: EventMeta) => {
      apply(live, event, meta);
      applied.push({ event, meta });
      const view = chairView(live, { now: NOW });
      const fresh = replayed(applied);
      const label = `after #${applied.length} ${event.type}`;
      expect(view, label).toEqual(chairView(fresh, { now: NOW }));
      expect(clerkView(live, NO_CARD_MODE), label).toEqual(clerkView(fresh, NO_CARD_MODE));
      for (const seatId of live.seats.keys()) {
        const opts = { demo: false, reader: 'none' as const, now: NOW };
        expect(seatView(live, seatId, opts), `${label}, seat ${seatId}`).toEqual(seatView(fresh, seatId, opts));
      }
      if (view.attendance === previous.attendance && view.attendance.length > 0) reused += 1;
      previous = view;
    };
    for (const { event, meta } of log) step(event, meta);

    // after the votes: register edits, a correction, bias and attendance changes
    let minute = 0;
    const run = (command: Command) => {
      const at = new Date(Date.parse(NOW) + ++minute * 60_000).toISOString();
      let seq = live.seq;
      for (const event of decide(live, command)) {
        if (!isUrnDeposit(event)) seq += 1;
        step(event, { seq, at });
      }
    };
    const reg = register();
    const member = (id: string) => {
      const m = reg.members.find((x) => x.id === id);
      if (!m) throw new Error(id);
      return m;
    };
    const faction = (id: string) => {
      const f = reg.factions.find((x) => x.id === id);
      if (!f) throw new Error(id);
      return f;
    };
    const seat = (id: number) => {
      const s = reg.seats.find((x) => x.id === id);
      if (!s) throw new Error(String(id));
      return s;
    };
    run({ type: 'updateMember', member: { ...member('mayor'), lastName: 'Albers-Kunz' } });
    run({ type: 'updateMember', member: { ...member('gruen-2'), factionId: 'links' } });
    run({ type: 'updateFaction', faction: { ...faction('gruen'), shortName: 'GRÜ', color: '#2E7D32' } });
    run({ type: 'updateSeat', seat: { ...seat(SEAT.mayor), label: 'Vorsitz' } });
    run({ type: 'correctResult', voteId: 'v-open', tally: { yes: 3, no: 1, abstain: 0 }, reason: 'Stimme falsch erfasst', by: 'clerk' });
    run({ type: 'presentCard', seatId: SEAT['gruen-2'], cardUid: CARD['gruen-2'] });
    run({ type: 'selectItem', itemId: 'top-2' });
    run({ type: 'setBias', itemId: 'top-2', memberId: 'gruen-2', excluded: true, reason: 'Befangen' });
    run({ type: 'requestVoteKind', itemId: 'top-2', kind: 'named', seatId: SEAT.mayor, support: true });
    run({ type: 'registerCard', memberId: 'links-1', cardUid: '04A1B2C3D4E5F6' });
    run({ type: 'removeCard', seatId: SEAT['gruen-1'] });
    run({ type: 'retireMember', memberId: 'links-1', until: '2026-03-12T21:00:00.000Z', reason: 'Mandat niedergelegt' });
    run({ type: 'openVote', voteId: 'v-late', itemId: 'top-2', title: 'Späte Abstimmung', kind: 'open', majority: { kind: 'simple' } });
    run({ type: 'castBallot', voteId: 'v-late', seatId: SEAT.mayor, choice: 'yes', key: 'k-late-mayor' });
    run({ type: 'closeVote', voteId: 'v-late' });
    run({ type: 'updateMember', member: { ...member('mayor'), firstName: 'Ulrike' } });

    expect(applied.length).toBeGreaterThan(log.length + 10);
    // ballots left the lists alone: the same attendance array came back (the point of it all)
    expect(reused).toBeGreaterThanOrEqual(10);
  });
});
