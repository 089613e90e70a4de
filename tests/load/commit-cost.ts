/**
 * The cost of one durable commit, without sockets: a session of single-ballot groups (a seat
 * voting alone, the spread-voting case) through the real session service and event store, timed
 * where the writer thread times them — the commit that the acknowledgement waits for, and the
 * checkpoint that follows it off the acknowledgement path. With --ref, an older event-store.ts
 * (e.g. the rollback-journal store) runs the same session, alternating with this one.
 *
 *   npx tsx tests/load/commit-cost.ts --ballots 200 --rounds 3 [--ref ../old/server/store/event-store.ts]
 *
 * Under `strace -f -c -e trace=fsync,fdatasync` it also shows how many fsyncs each design costs.
 * Environment: BENCH_DATA (a folder on a real disk; default: the system's temp folder).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { BatchEntry, StoredEvent } from '../../server/store/event-store';
import { EventStore } from '../../server/store/event-store';
import { Register } from '../../server/protocol/register';
import type { VoteKind } from '../../server/protocol/common';
import { SessionService } from '../../server/session/service';
import { cardUidFor, makeCouncil } from '../helpers/council';
import { stats, type Stats } from './scenario';

const { values } = parseArgs({
  options: {
    ballots: { type: 'string', default: '200' },
    rounds: { type: 'string', default: '3' },
    ref: { type: 'string' },
  },
});

interface Store {
  seq: number;
  load: EventStore['load'];
  append(batch: readonly BatchEntry[]): StoredEvent[];
  commit?: (batch: readonly BatchEntry[]) => StoredEvent[];
  settle?: () => void;
  close(): void;
}
type Open = (path: string) => Store;

async function session(open: Open, kind: VoteKind, ballots: number): Promise<{ ack: Stats; checkpoint: Stats | null }> {
  const dir = mkdtempSync(join(process.env.BENCH_DATA ?? tmpdir(), 'ratssaal-commit-cost-'));
  const store = open(join(dir, 'ratssaal.db'));
  try {
    const ack: number[] = [];
    const checkpoint: number[] = [];
    let timing = false;
    // time each group as the writer thread runs it: commit (then the ack goes out), then settle
    const timed: Store = {
      get seq() {
        return store.seq;
      },
      load: () => store.load(),
      append: (batch) => {
        const t0 = performance.now();
        const stored = store.commit ? store.commit(batch) : store.append(batch);
        const t1 = performance.now();
        store.settle?.();
        if (timing) {
          ack.push(t1 - t0);
          if (store.settle) checkpoint.push(performance.now() - t1);
        }
        return stored;
      },
      close: () => undefined,
    };
    const service = new SessionService(timed);
    await service.submit({ type: 'loadRegister', register: Register.parse(makeCouncil({ members: ballots, seats: ballots })) }, { kind: 'system' });
    await Promise.all(
      Array.from({ length: ballots }, (_, i) => service.submit({ type: 'presentCard', seatId: i + 1, cardUid: cardUidFor(i + 1) }, { kind: 'reader', readerId: `r${i + 1}`, seatId: i + 1 })),
    );
    const itemId = service.state.register?.session.agenda[1]?.id ?? '';
    await service.submit({ type: 'selectItem', itemId }, { kind: 'chair' });
    await service.submit({ type: 'openVote', voteId: 'v-1', itemId, title: 'Kosten', kind, majority: { kind: 'simple' } }, { kind: 'chair' });
    timing = true;
    for (let i = 1; i <= ballots; i++) {
      const key = `cost-${i}`.padStart(32, '0');
      await service.submit({ type: 'castBallot', voteId: 'v-1', seatId: i, choice: (['yes', 'no', 'abstain'] as const)[i % 3] ?? 'yes', key }, { kind: 'seat', seatId: i });
    }
    timing = false;
    await service.submit({ type: 'closeVote', voteId: 'v-1' }, { kind: 'chair' });
    service.close();
    return { ack: stats(ack), checkpoint: checkpoint.length > 0 ? stats(checkpoint) : null };
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const ballots = Number(values.ballots);
  const rounds = Number(values.rounds);
  const stores: [string, Open][] = [['this', (p) => EventStore.open(p)]];
  if (values.ref) {
    const mod = (await import(pathToFileURL(resolve(values.ref)).href)) as { EventStore: { open(path: string): Store } };
    stores.push(['ref', (p) => mod.EventStore.open(p)]);
  }
  const rows: Record<string, string | number>[] = [];
  for (let round = 1; round <= rounds; round++) {
    for (const kind of ['open', 'secret'] as const) {
      for (const [name, open] of stores) {
        const r = await session(open, kind, ballots);
        rows.push({
          round,
          store: name,
          vote: kind,
          'ack-path commit p50 ms': r.ack.p50,
          'p99 ms': r.ack.p99,
          'checkpoint p50 ms': r.checkpoint?.p50 ?? '',
          'checkpoint p99 ms': r.checkpoint?.p99 ?? '',
        });
      }
    }
  }
  console.table(rows);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
