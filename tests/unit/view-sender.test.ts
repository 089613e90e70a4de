import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { WIRE } from '../../server/protocol/commands';
import { applyPatch, type ViewPatch } from '../../server/protocol/patch';
import { ViewSender } from '../../server/realtime/view-sender';

/**
 * ViewSender.sendEach over a real Socket.IO server and clients on loopback: every connection
 * ends up with its own view, and connections whose patches are equal get them as one
 * broadcast (encoded once by Socket.IO) instead of one emit each.
 */
const SEATS = 12;
let http: HttpServer | null = null;
let io: Server | null = null;
const clients: ClientSocket[] = [];

afterEach(async () => {
  clients.splice(0).forEach((c) => c.close());
  await io?.close();
  http?.close();
  io = null;
  http = null;
});

interface Seen {
  view: unknown;
  messages: number;
}

async function room(): Promise<{ sockets: Socket[]; seen: Seen[]; broadcasts: () => number; settled: (messages: number) => Promise<void> }> {
  http = createServer();
  io = new Server(http);
  const ns = io.of('/seat');
  let broadcasts = 0;
  const broadcast = ns.adapter.broadcast.bind(ns.adapter);
  ns.adapter.broadcast = (packet, opts) => {
    broadcasts += 1;
    broadcast(packet, opts);
  };
  await new Promise<void>((resolve) => http!.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as AddressInfo).port;
  const sockets: Socket[] = [];
  ns.on('connection', (s) => sockets.push(s));
  const seen: Seen[] = [];
  for (let i = 0; i < SEATS; i += 1) {
    const entry: Seen = { view: undefined, messages: 0 };
    seen.push(entry);
    const c = connect(`http://127.0.0.1:${port}/seat`, { transports: ['websocket'], forceNew: true });
    c.on(WIRE.view, (v: unknown) => {
      entry.view = v;
      entry.messages += 1;
    });
    c.on(WIRE.viewPatch, (p: ViewPatch) => {
      entry.view = applyPatch(entry.view, p.ops);
      entry.messages += 1;
    });
    clients.push(c);
    await new Promise<void>((resolve) => c.once('connect', () => resolve()));
  }
  while (sockets.length < SEATS) await new Promise((r) => setImmediate(r));
  const settled = async (messages: number) => {
    while (seen.reduce((n, s) => n + s.messages, 0) < messages) await new Promise((r) => setTimeout(r, 5));
  };
  return { sockets, seen, broadcasts: () => broadcasts, settled };
}

const seatView = (seat: number, shared: { vote: unknown; result: unknown }, myBallot: string | null = null) => ({
  seat: { id: seat },
  vote: shared.vote === null ? null : { summary: shared.vote, myBallot },
  result: shared.result,
});

describe('ViewSender.sendEach', () => {
  it('whole views first; then equal patches as one broadcast, different ones per connection', async () => {
    const { sockets, seen, broadcasts, settled } = await room();
    const sender = new ViewSender();
    const ns = io!.of('/seat');
    const seatOf = (s: Socket) => sockets.indexOf(s) + 1;

    const open = { vote: { id: 'v-1', title: 'Haushalt' }, result: null };
    sender.sendEach(ns, sockets.map((s) => [s, seatView(seatOf(s), open)] as const));
    await settled(SEATS);
    expect(broadcasts()).toBe(0);

    // two seats vote: only theirs change, each differently
    const voted = (s: Socket) => (seatOf(s) === 1 ? 'yes' : seatOf(s) === 2 ? 'no' : null);
    sender.sendEach(ns, sockets.map((s) => [s, seatView(seatOf(s), open, voted(s))] as const));
    await settled(SEATS + 2);
    expect(broadcasts()).toBe(0);

    // the close: the same change for every seat (the shared result object, the vote gone)
    const closed = { vote: null, result: { tally: { yes: 1, no: 1, abstain: 0 }, passed: false } };
    sender.sendEach(ns, sockets.map((s) => [s, seatView(seatOf(s), closed)] as const));
    await settled(2 * SEATS + 2);
    expect(broadcasts()).toBe(1);
    for (const [i, s] of seen.entries()) {
      expect(s.view).toEqual(seatView(seatOf(sockets[i]!), closed));
      expect(s.messages).toBe(i < 2 ? 3 : 2);
    }

    // equal by value but built per seat (no shared objects): still one broadcast
    const reopened = (s: Socket) => seatView(seatOf(s), { vote: { id: 'v-2', title: 'Neu' }, result: null });
    sender.sendEach(ns, sockets.map((s) => [s, reopened(s)] as const));
    await settled(3 * SEATS + 2);
    expect(broadcasts()).toBe(2);
    for (const [i, s] of seen.entries()) expect(s.view).toEqual(reopened(sockets[i]!));
  });
});
