import { z } from 'zod';

/**
 * View patches: after a connection's first whole view, the server may send only what changed
 * since the view it sent that connection last. RoleClient applies them and hands its listeners
 * whole views again, so a UI never sees a patch. Works on any JSON view, however it grows.
 *
 * An operation addresses a place by its path of keys and indexes:
 *   { p, v }  set the value at p (a new key, or a changed value)
 *   { p, d }  delete the key at p
 *   { p, a }  rebuild the array at p from runs: [from, to] copies old elements from..to-1,
 *             { v: [...] } inserts new ones (a list that shrinks or grows costs only the change)
 */
export const PatchPath = z.array(z.union([z.string(), z.number().int().nonnegative()]));
export const PatchRun = z.union([z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]), z.object({ v: z.array(z.unknown()) })]);
export const PatchOp = z.union([
  z.object({ p: PatchPath, v: z.unknown() }).strict(),
  z.object({ p: PatchPath, d: z.literal(1) }).strict(),
  z.object({ p: PatchPath, a: z.array(PatchRun) }).strict(),
]);
export const ViewPatch = z.object({ ops: z.array(PatchOp) });
export type PatchPath = z.infer<typeof PatchPath>;
export type PatchRun = z.infer<typeof PatchRun>;
export type PatchOp = z.infer<typeof PatchOp>;
export type ViewPatch = z.infer<typeof ViewPatch>;

type Json = unknown;

function isObject(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The number of keys of a JSON object whose value is not undefined (without an array of them). */
function definedKeyCount(o: Record<string, Json>): number {
  let n = 0;
  for (const key in o) if (o[key] !== undefined) n += 1;
  return n;
}

/**
 * Deep equality of JSON values (key order ignored). Allocates nothing: it runs on every row of
 * the chair's view ten times a second.
 */
export function jsonEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (isObject(a)) {
    if (!isObject(b)) return false;
    let count = 0;
    for (const key in a) {
      const va = a[key];
      if (va === undefined) continue;
      if (!Object.hasOwn(b, key) || !jsonEqual(va, b[key])) return false;
      count += 1;
    }
    return count === definedKeyCount(b);
  }
  return false;
}

/**
 * Runs that rebuild `next` from `prev`: elements equal to old ones, in order, are copied by
 * index. Greedy, linear in the common case (removals, appends, a changed element).
 */
function arrayRuns(prev: readonly Json[], next: readonly Json[]): PatchRun[] {
  const runs: PatchRun[] = [];
  let j = 0;
  let literal: Json[] = [];
  const push = (run: PatchRun) => {
    if (literal.length > 0) {
      runs.push({ v: literal });
      literal = [];
    }
    runs.push(run);
  };
  for (const item of next) {
    // look a little ahead in the old array for this element (skipping removed ones)
    let found = -1;
    for (let k = j; k < prev.length && k < j + 64; k++) {
      if (jsonEqual(prev[k], item)) {
        found = k;
        break;
      }
    }
    if (found < 0) {
      literal.push(item);
      continue;
    }
    const last = runs.at(-1);
    if (literal.length === 0 && Array.isArray(last) && last[1] === found) last[1] = found + 1;
    else push([found, found + 1]);
    j = found + 1;
  }
  if (literal.length > 0) runs.push({ v: literal });
  return runs;
}

/** A key's value, undefined when the object has no such key of its own. */
function own(o: Record<string, Json>, key: string): Json {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}

/**
 * Adds to `ops` what turns prev into next below `path`. `path` is one array for the whole walk,
 * pushed and popped on the way down and copied only into an operation: a diff of the chair's
 * view at 1,000 members visits tens of thousands of unchanged places ten times a second, and a
 * new path array for each of them was most of what the server allocated while a vote ran.
 */
function diffInto(prev: Json, next: Json, path: PatchPath, ops: PatchOp[]): void {
  if (prev === next) return;
  if (isObject(prev) && isObject(next)) {
    for (const key in next) {
      const n = next[key];
      if (n === undefined) continue;
      const p = own(prev, key);
      if (p === undefined) ops.push({ p: [...path, key], v: n });
      else {
        path.push(key);
        diffInto(p, n, path, ops);
        path.pop();
      }
    }
    for (const key in prev) {
      if (prev[key] !== undefined && own(next, key) === undefined) ops.push({ p: [...path, key], d: 1 });
    }
    return;
  }
  if (Array.isArray(prev) && Array.isArray(next)) {
    if (prev.length === next.length) {
      // same length: most often the same rows with a few fields changed
      for (let i = 0; i < next.length; i++) {
        path.push(i);
        diffInto(prev[i], next[i], path, ops);
        path.pop();
      }
      return;
    }
    ops.push({ p: [...path], a: arrayRuns(prev, next) });
    return;
  }
  if (!jsonEqual(prev, next)) ops.push({ p: [...path], v: next });
}

/** What turns prev into next; an empty list when they are equal. */
export function diffViews(prev: Json, next: Json): PatchOp[] {
  const ops: PatchOp[] = [];
  diffInto(prev, next, [], ops);
  return ops;
}

function applyAt(target: Json, path: PatchPath, depth: number, op: PatchOp): Json {
  if (depth === path.length) {
    if ('v' in op) return op.v;
    if ('a' in op) {
      if (!Array.isArray(target)) throw new Error('view patch: array runs on a non-array');
      const out: Json[] = [];
      for (const run of op.a) {
        if (Array.isArray(run)) {
          if (run[1] > target.length || run[0] > run[1]) throw new Error('view patch: run outside the array');
          for (let i = run[0]; i < run[1]; i++) out.push(target[i]);
        } else out.push(...run.v);
      }
      return out;
    }
    throw new Error('view patch: delete of the whole view');
  }
  const key = path[depth];
  if (key === undefined) throw new Error('view patch: bad path');
  if (Array.isArray(target) && typeof key === 'number') {
    if (key >= target.length) throw new Error('view patch: index outside the array');
    const copy: Json[] = (target as Json[]).slice();
    copy[key] = applyAt(target[key], path, depth + 1, op);
    return copy;
  }
  if (isObject(target) && typeof key === 'string') {
    const copy = { ...target };
    if (depth === path.length - 1 && 'd' in op) delete copy[key];
    else copy[key] = applyAt(target[key], path, depth + 1, op);
    return copy;
  }
  throw new Error('view patch: path does not fit the view');
}

/**
 * Applies a patch without changing `base`: the result shares every untouched part with it (so
 * a UI can tell by identity what changed). Throws if the patch does not fit the base.
 */
export function applyPatch<T>(base: T, ops: readonly PatchOp[]): T {
  let view: Json = base;
  for (const op of ops) view = applyAt(view, op.p, 0, op);
  return view as T;
}
