import type { Namespace, Socket } from 'socket.io';
import { WIRE } from '../protocol/commands';
import { diffViews, jsonEqual, type PatchOp, type ViewPatch } from '../protocol/patch';

/**
 * Sends each connection its whole view once, then only what changed since the view it got
 * last (a ViewPatch), and nothing when nothing changed. The views kept here are never changed
 * after they are sent (every view is built fresh), so comparing them is safe.
 */
export class ViewSender {
  private readonly last = new WeakMap<Socket, unknown>();

  /** One connection's own view (a seat's). */
  send(socket: Socket, view: unknown): void {
    const prev = this.last.get(socket);
    this.last.set(socket, view);
    if (prev === undefined) {
      socket.emit(WIRE.view, view);
      return;
    }
    const ops = diffViews(prev, view);
    if (ops.length > 0) socket.emit(WIRE.viewPatch, { ops } satisfies ViewPatch);
  }

  /**
   * Each connection its own view (the seats after a change that concerns them all, such as a
   * vote's close). Views differ per seat, but what changed since the last push is mostly the
   * same (the result, the vote's state): connections whose patches are equal get them as one
   * Socket.IO broadcast, encoded once (payload and WebSocket frame), then written to each.
   */
  sendEach(ns: Namespace, views: Iterable<readonly [Socket, unknown]>): void {
    const t0 = TRACE ? performance.now() : 0;
    let connections = 0;
    const groups = new Map<string, { ops: PatchOp[]; sockets: Socket[] }[]>();
    for (const [socket, view] of views) {
      connections += 1;
      const prev = this.last.get(socket);
      this.last.set(socket, view);
      if (prev === undefined) {
        socket.emit(WIRE.view, view);
        continue;
      }
      const ops = diffViews(prev, view);
      if (ops.length === 0) continue;
      const key = shapeOf(ops);
      const candidates = groups.get(key) ?? [];
      if (candidates.length === 0) groups.set(key, candidates);
      const same = candidates.find((g) => sameOps(g.ops, ops));
      if (same) same.sockets.push(socket);
      else if (candidates.length < MAX_GROUPS_PER_SHAPE) candidates.push({ ops, sockets: [socket] });
      else socket.emit(WIRE.viewPatch, { ops } satisfies ViewPatch);
    }
    const t1 = TRACE ? performance.now() : 0;
    let emits = 0;
    for (const candidates of groups.values()) {
      for (const { ops, sockets } of candidates) {
        const patch = { ops } satisfies ViewPatch;
        emits += 1;
        if (sockets.length === 1) sockets[0]!.emit(WIRE.viewPatch, patch);
        else ns.to(sockets.map((s) => s.id)).emit(WIRE.viewPatch, patch);
      }
    }
    if (TRACE && connections >= 100) {
      const t2 = performance.now();
      console.log(`views: ${connections} seat connections, ${emits} patch emits; build+diff ${(t1 - t0).toFixed(1)} ms, encode+write ${(t2 - t1).toFixed(1)} ms`);
    }
  }

  /**
   * The same view to every connection of a namespace (chair, display). Connections that got
   * the same view last share one patch, computed once. The view is built only when someone is
   * connected (a connection gets its whole view when it comes).
   */
  broadcast(ns: Namespace, build: () => unknown): void {
    if (ns.sockets.size === 0) return;
    const view = build();
    let shared: { prev: unknown; patch: ViewPatch } | null = null;
    for (const socket of ns.sockets.values()) {
      const prev = this.last.get(socket);
      this.last.set(socket, view);
      if (prev === undefined) {
        socket.emit(WIRE.view, view);
        continue;
      }
      if (shared === null || shared.prev !== prev) shared = { prev, patch: { ops: diffViews(prev, view) } };
      if (shared.patch.ops.length > 0) socket.emit(WIRE.viewPatch, shared.patch);
    }
  }
}

/** Diagnostics for the load bench: the time a fan-out to the seats takes in the server. */
const TRACE = process.env.RATSSAAL_TRACE_VIEWS === '1';

/**
 * Beyond this many different patches of one shape, patches are sent as they are (no more
 * comparing). RATSSAAL_VIEW_GROUPS=0 sends every patch on its own, for before/after measurements.
 */
const MAX_GROUPS_PER_SHAPE = process.env.RATSSAAL_VIEW_GROUPS === '0' ? 0 : 16;

/** The paths and kinds of a patch's operations: patches of a different shape are never equal. */
function shapeOf(ops: readonly PatchOp[]): string {
  return JSON.stringify(ops.map((op) => [op.p, 'v' in op ? 'v' : 'd' in op ? 'd' : 'a']));
}

/** Two patches of the same shape: equal values (mostly the very same objects, shared by the views). */
function sameOps(a: readonly PatchOp[], b: readonly PatchOp[]): boolean {
  return a.every((op, i) => {
    const other = b[i]!;
    if ('v' in op) return 'v' in other && (op.v === other.v || jsonEqual(op.v, other.v));
    if ('a' in op) return 'a' in other && jsonEqual(op.a, other.a);
    return true;
  });
}
