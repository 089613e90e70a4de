/**
 * The cost of the views while ballots come in, without sockets: a council of N members, all
 * checked in, an open vote with half of them voted; then, as the server does it ten times a
 * second, the chair's view is built and diffed against the one before, and a seat's view after
 * its ballot. Prints the median and p99 of each over many repetitions.
 *
 *   npx tsx tests/load/view-cost.ts [--members 1000] [--repeat 200]
 */
import { parseArgs } from 'node:util';
import { decide, type Command } from '../../server/domain/decide';
import { isUrnDeposit, type Actor } from '../../server/domain/events';
import { apply, emptyState, type CouncilState } from '../../server/domain/state';
import { chairView, displayView, seatView, seatViewShared } from '../../server/domain/views';
import { diffViews } from '../../server/protocol/patch';
import { Register } from '../../server/protocol/register';
import { cardUidFor, makeCouncil } from '../helpers/council';
import { stats } from './scenario';

const { values } = parseArgs({ options: { members: { type: 'string', default: '1000' }, repeat: { type: 'string', default: '200' } } });
const members = Number(values.members);
const repeat = Number(values.repeat);

const state: CouncilState = emptyState();
let minute = 0;
function run(command: Command, _actor: Actor = { kind: 'system' }): void {
  const at = new Date(Date.UTC(2026, 11, 3, 17, 0, 0) + (minute += 1) * 1000).toISOString();
  let seq = state.seq;
  for (const event of decide(state, command)) {
    if (!isUrnDeposit(event)) seq += 1;
    apply(state, event, { seq, at });
  }
}

run({ type: 'loadRegister', register: Register.parse(makeCouncil({ members, seats: members })) });
for (let i = 1; i <= members; i += 1) run({ type: 'presentCard', seatId: i, cardUid: cardUidFor(i) });
const itemId = state.agendaOrder[0]!;
run({ type: 'selectItem', itemId });
run({ type: 'openVote', voteId: 'v-cost', itemId, title: 'Kosten', kind: 'open', majority: { kind: 'simple' } });
let seat = 1;
const ballot = () => {
  run({ type: 'castBallot', voteId: 'v-cost', seatId: seat, choice: seat % 2 ? 'yes' : 'no', key: `k-${seat}` });
  seat += 1;
};
for (let i = 0; i < members / 2; i += 1) ballot();

const time = (f: () => void): number => {
  const t = performance.now();
  f();
  return performance.now() - t;
};
const opts = { demo: false, reader: 'none' as const };
const chair: number[] = [];
const display: number[] = [];
const seatT: number[] = [];
const shared: number[] = [];
let prevChair: unknown = chairView(state);
let prevDisplay: unknown = displayView(state);
for (let r = 0; r < repeat && seat <= members; r += 1) {
  ballot();
  const s = seat - 1;
  let common: ReturnType<typeof seatViewShared> | undefined;
  shared.push(time(() => (common = seatViewShared(state))));
  const before = seatView(state, s, opts, common);
  seatT.push(time(() => diffViews(before, seatView(state, s, opts, common))));
  chair.push(
    time(() => {
      const next = chairView(state);
      diffViews(prevChair, next);
      prevChair = next;
    }),
  );
  display.push(
    time(() => {
      const next = displayView(state);
      diffViews(prevDisplay, next);
      prevDisplay = next;
    }),
  );
}
const row = (name: string, xs: number[]) => ({ view: name, ...stats(xs) });
console.log(`${members} members, ${chair.length} ballots, each followed by the views the server builds (ms)`);
console.table([row('seat views, shared part', shared), row('one seat view + diff', seatT), row('chair view + diff', chair), row('display view + diff', display)]);
