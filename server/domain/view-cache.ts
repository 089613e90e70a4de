import type { CouncilState } from './state';

/**
 * A version of the parts of a state that the chair view's big lists (attendance, history of
 * closed votes, bias, agenda) are built from. apply() bumps it for every event except the
 * ones that only touch the open vote's ballots (BallotCast, SecretBallotCast, UrnDeposit), so
 * a list cached under one version is exactly what a fresh build would give while the version
 * stays the same. Kept beside the state, not in it, so that the state stays plain data.
 */
const versions = new WeakMap<CouncilState, number>();

/** Event types that change only the open vote's ballots, participants, keys and urn counts. */
const BALLOT_ONLY = new Set(['BallotCast', 'SecretBallotCast', 'UrnDeposit']);

/** Whether an event of this type changes nothing but the open vote's ballots (see BALLOT_ONLY). */
export function changesOnlyBallots(eventType: string): boolean {
  return BALLOT_ONLY.has(eventType);
}

export function noteApplied(state: CouncilState, eventType: string): void {
  if (BALLOT_ONLY.has(eventType)) return;
  versions.set(state, (versions.get(state) ?? 0) + 1);
}

export function structureVersion(state: CouncilState): number {
  return versions.get(state) ?? 0;
}

const caches = new WeakMap<CouncilState, Map<string, { version: number; value: unknown }>>();

/**
 * The value built by `build` for this state, rebuilt only when the state's structure version
 * changed since the last build under `key`: the same object is returned while nothing it
 * depends on changed, so a view diff stops at identity.
 */
export function memoByVersion<T>(state: CouncilState, key: string, build: () => T): T {
  const version = structureVersion(state);
  let cache = caches.get(state);
  if (!cache) {
    cache = new Map();
    caches.set(state, cache);
  }
  const hit = cache.get(key);
  if (hit && hit.version === version) return hit.value as T;
  const value = build();
  cache.set(key, { version, value });
  return value;
}
