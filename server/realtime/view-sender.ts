import type { Namespace, Socket } from 'socket.io';
import { WIRE } from '../protocol/commands';
import { diffViews, type ViewPatch } from '../protocol/patch';

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
   * The same view to every connection of a namespace (chair, display). Connections that got
   * the same view last share one patch, computed once.
   */
  broadcast(ns: Namespace, view: unknown): void {
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
