import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import type { StoredEvent } from '../store/event-store';

/**
 * RATSSAAL_ALLOC_PROFILE=<folder>: what the server allocates while a vote is open. From each
 * VoteOpened to its VoteClosed (or VoteCancelled), V8's sampling heap profiler records every allocation of a
 * sample (one per 4 KB allocated, on average) with its stack, including objects that the next
 * garbage collection frees — those are the cost in a vote: the more is allocated, the more often
 * a collection stops the server while ballots arrive. At the close the profile is written to
 * <folder>/alloc-<vote>.heapprofile (opens in the Memory tab of Chromium's developer tools) and
 * the functions that allocated most are logged. Off by default; for profiling only.
 */

export interface ProfileNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: ProfileNode[];
}

/** Bytes allocated per function (name, file, line), largest first. */
export function allocationsByFunction(head: ProfileNode, top = 15): { where: string; bytes: number }[] {
  const bytes = new Map<string, number>();
  const walk = (node: ProfileNode) => {
    if (node.selfSize > 0) {
      const f = node.callFrame;
      const file = f.url === '' ? '' : ` ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}`;
      const where = `${f.functionName || '(anonymous)'}${file}`;
      bytes.set(where, (bytes.get(where) ?? 0) + node.selfSize);
    }
    for (const child of node.children) walk(child);
  };
  walk(head);
  return [...bytes]
    .map(([where, n]) => ({ where, bytes: n }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, top);
}

/** All bytes the profile's samples stand for. */
function totalBytes(node: ProfileNode): number {
  return node.children.reduce((n, child) => n + totalBytes(child), node.selfSize);
}

function post<T>(session: Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) => {
    session.post(method, params ?? {}, (err, result) => (err ? reject(err) : resolve(result as T)));
  });
}

/**
 * Starts the profiler with a VoteOpened and writes it at that vote's close or cancellation. Returns the listener for SessionService.subscribe, or null when the variable
 * is not set.
 */
export function allocationProfiler(env: NodeJS.ProcessEnv = process.env): ((stored: readonly StoredEvent[]) => void) | null {
  const folder = env.RATSSAAL_ALLOC_PROFILE;
  if (!folder) return null;
  const session = new Session();
  session.connect();
  let running: string | null = null;
  let openedAt = 0;
  const mb = (n: number) => (n / 1e6).toFixed(2);
  return (stored) => {
    for (const { event } of stored) {
      if (event.type === 'VoteOpened' && running === null) {
        running = event.voteId;
        openedAt = performance.now();
        void post(session, 'HeapProfiler.startSampling', {
          samplingInterval: 4096,
          includeObjectsCollectedByMajorGC: true,
          includeObjectsCollectedByMinorGC: true,
        }).catch((err: unknown) => console.error('allocation profile: could not start', err));
      } else if ((event.type === 'VoteClosed' || event.type === 'VoteCancelled') && event.voteId === running) {
        const voteId = running;
        const seconds = (performance.now() - openedAt) / 1000;
        running = null;
        void post<{ profile: { head: ProfileNode } }>(session, 'HeapProfiler.stopSampling').then(
          ({ profile }) => {
            const file = join(folder, `alloc-${voteId}.heapprofile`);
            writeFileSync(file, JSON.stringify(profile));
            const top = allocationsByFunction(profile.head);
            console.log(`allocation profile: vote ${voteId}, ${mb(totalBytes(profile.head))} MB in ${seconds.toFixed(1)} s, ${file}`);
            for (const r of top) console.log(`allocation profile: ${mb(r.bytes).padStart(7)} MB  ${r.where}`);
          },
          (err: unknown) => console.error('allocation profile: could not stop', err),
        );
      }
    }
  };
}
