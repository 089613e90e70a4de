import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RoleClient } from '../../server/protocol/client';
import { WIRE } from '../../server/protocol/commands';
import { diffViews } from '../../server/protocol/patch';
import { ViewSender } from '../../server/realtime/view-sender';

/**
 * The view in the answer to a command, on both ends: RoleClient asks for it as a seat and
 * applies it inside the acknowledgement, before a push that came right behind it; ViewSender
 * counts it as sent and leaves a change of only the clock unsent.
 */

const v0 = { serverTime: 't0', vote: { id: 'v-1', myBallot: null as string | null }, result: null as string | null };
const v1 = { ...v0, serverTime: 't1', vote: { id: 'v-1', myBallot: 'yes' } };
const v2 = { ...v1, serverTime: 't2', result: 'angenommen' };

let http: HttpServer | null = null;
let io: Server | null = null;
const clients: RoleClient<'seat' | 'chair'>[] = [];

afterEach(async () => {
  clients.splice(0).forEach((c) => c.close());
  await io?.close();
  http?.close();
  io = http = null;
  vi.restoreAllMocks();
});

/** A server that answers every command with v1 as a patch and pushes v2's patch in the same tick. */
async function server(): Promise<{ url: string; envelopes: unknown[] }> {
  http = createServer();
  io = new Server(http);
  const envelopes: unknown[] = [];
  for (const ns of [io.of('/seat'), io.of('/chair')]) {
    ns.on('connection', (socket) => {
      socket.emit(WIRE.view, v0);
      socket.on(WIRE.command, (envelope: unknown, ack: (r: unknown) => void) => {
        envelopes.push(envelope);
        ack({ ok: true, data: {}, viewPatch: { ops: diffViews(v0, v1) } });
        socket.emit(WIRE.viewPatch, { ops: diffViews(v1, v2) });
      });
    });
  }
  await new Promise<void>((resolve) => http!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, envelopes };
}

describe('RoleClient: the view in an answer', () => {
  it('a seat asks for it, and a push right behind the answer applies to it', async () => {
    const { url, envelopes } = await server();
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const seat = new RoleClient('seat', url, { seatId: 1 });
    clients.push(seat);
    const seen: unknown[] = [];
    seat.onView((v) => seen.push(v));
    await vi.waitFor(() => expect(seen).toHaveLength(1));
    const result = await seat.send('castBallot', { voteId: 'v-1', choice: 'yes', key: 'k'.repeat(32) });
    expect(result.ok).toBe(true);
    // applied before send() resolved (the push behind it may already be applied too)
    expect(seen[1]).toEqual(v1);
    await vi.waitFor(() => expect(seen).toHaveLength(3));
    expect(seen).toEqual([v0, v1, v2]);
    expect(errors).not.toHaveBeenCalled();
    expect(envelopes).toEqual([{ name: 'castBallot', payload: { voteId: 'v-1', choice: 'yes', key: 'k'.repeat(32) }, view: true }]);
  });

  it('other roles do not ask for it', async () => {
    const { url, envelopes } = await server();
    const chair = new RoleClient('chair', url);
    clients.push(chair);
    await chair.send('selectItem', { itemId: 'top-01' });
    expect(envelopes).toEqual([{ name: 'selectItem', payload: { itemId: 'top-01' } }]);
  });
});

describe('ViewSender: answers and quiet changes', () => {
  const fakeSocket = () => {
    const emitted: [string, unknown][] = [];
    const socket = { emit: (event: string, data: unknown) => void emitted.push([event, data]) } as unknown as Socket;
    return { socket, emitted };
  };

  it.each<[string, unknown[], [string, unknown][], ({ view?: unknown; viewPatch?: unknown } | null)[]]>([
    ['an answer to a connection without a view carries the whole view', [['answer', v0]], [], [{ view: v0 }]],
    ['an answer after a push carries the patch', [['push', v0], ['answer', v1]], [[WIRE.view, v0]], [{ viewPatch: { ops: diffViews(v0, v1) } }]],
    ['an answer without a change carries nothing', [['push', v0], ['answer', { ...v0 }]], [[WIRE.view, v0]], [{}]],
    ['a push after an answer is a patch against the answer', [['push', v0], ['answer', v1], ['push', v2]], [[WIRE.view, v0], [WIRE.viewPatch, { ops: diffViews(v1, v2) }]], [{ viewPatch: { ops: diffViews(v0, v1) } }]],
    ['a change of only the clock is not pushed when quiet', [['push', v0], ['quiet', { ...v0, serverTime: 't9' }]], [[WIRE.view, v0]], []],
    ['the next push is a patch against what the connection has', [['push', v0], ['quiet', { ...v0, serverTime: 't9' }], ['push', v1]], [[WIRE.view, v0], [WIRE.viewPatch, { ops: diffViews(v0, v1) }]], []],
    ['a real change is pushed when quiet', [['push', v0], ['quiet', v1]], [[WIRE.view, v0], [WIRE.viewPatch, { ops: diffViews(v0, v1) }]], []],
    ['an equal view is not pushed', [['push', v0], ['push', { ...v0 }]], [[WIRE.view, v0]], []],
  ])('%s', (_name, steps, pushed, answers) => {
    const sender = new ViewSender();
    const { socket, emitted } = fakeSocket();
    const answered: unknown[] = [];
    for (const [kind, view] of steps as ['push' | 'quiet' | 'answer', unknown][]) {
      if (kind === 'answer') answered.push(sender.forAnswer(socket, view));
      else sender.send(socket, view, kind === 'quiet' ? 'serverTime' : undefined);
    }
    expect(emitted).toEqual(pushed);
    expect(answered).toEqual(answers);
  });
});
