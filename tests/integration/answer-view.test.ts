import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { newBallotKey } from '../../server/protocol/client';
import { WIRE, type CommandResult } from '../../server/protocol/commands';
import { PROTOCOL_VERSION } from '../../server/protocol/common';
import { applyPatch, type ViewPatch } from '../../server/protocol/patch';
import type { SeatView } from '../../server/protocol/views';
import { cardUidFor, writeCouncil } from '../helpers/council';
import { ok, RecordingClient, ServerProcess, tempDir } from '../helpers/server-process';

/**
 * A seat's view after its ballot travels in the answer to the ballot (one message instead of
 * two): RoleClient asks for it and applies it in the acknowledgement, the server counts it as
 * sent. A second connection of the same seat and a client that does not ask get the push as
 * before, and a view that follows right after (the close) fits the one in the answer.
 */
const withoutClock = ({ serverTime: _t, ...rest }: SeatView) => rest;

/** A seat connection by hand, as a client of an older version: no `view: true` in its commands. */
class PlainSeat {
  readonly socket: Socket;
  view: SeatView | undefined;
  pushes = 0;

  constructor(server: ServerProcess, seatId: number) {
    this.socket = io(`${server.url}/seat`, {
      auth: { protocol: PROTOCOL_VERSION, seatId, device: server.credentialFor('seat', seatId) },
      transports: ['websocket'],
      ca: server.ca,
      forceNew: true,
    } as Parameters<typeof io>[1]);
    this.socket.on(WIRE.view, (v: SeatView) => {
      this.view = v;
    });
    this.socket.on(WIRE.viewPatch, (p: ViewPatch) => {
      this.pushes += 1;
      this.view = applyPatch(this.view, p.ops);
    });
  }

  connected(): Promise<void> {
    if (this.socket.connected) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.socket.once('connect', () => resolve());
      this.socket.once('connect_error', reject);
    });
  }

  send(name: string, payload: unknown): Promise<CommandResult<unknown>> {
    return this.socket.timeout(10_000).emitWithAck(WIRE.command, { name, payload }) as Promise<CommandResult<unknown>>;
  }

  async until(predicate: (v: SeatView) => boolean, what: string): Promise<SeatView> {
    for (let waited = 0; waited < 10_000; waited += 20) {
      if (this.view && predicate(this.view)) return this.view;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`timed out waiting for ${what}; latest: ${JSON.stringify(this.view)?.slice(0, 300)}`);
  }
}

describe('the seat view in the answer to a ballot', () => {
  let server: ServerProcess;
  let chair: RecordingClient<'chair'>;
  let seat1: RecordingClient<'seat'>;
  let seat1b: RecordingClient<'seat'>;
  let seat2: PlainSeat;
  let seat1Pushes = 0;
  let voteId = '';

  beforeAll(async () => {
    const dir = tempDir('answer-view');
    server = await ServerProcess.start({ dataDir: `${dir}/data`, seedFile: writeCouncil(dir, { members: 3 }) });
    chair = new RecordingClient('chair', server);
    seat1 = new RecordingClient('seat', server, { seatId: 1 });
    seat1b = new RecordingClient('seat', server, { seatId: 1 });
    seat2 = new PlainSeat(server, 2);
    await Promise.all([chair.connected(), seat1.connected(), seat1b.connected(), seat2.connected()]);
    ok(await seat1.send('demoTap', { uid: cardUidFor(1) }));
    ok(await seat2.send('demoTap', { uid: cardUidFor(2) }));
    await seat1b.waitFor((v) => v.member !== null, 10_000, 'check-in of seat 1');
    await seat2.until((v) => v.member !== null, 'check-in of seat 2');
    ok(await chair.send('selectItem', { itemId: 'top-02' }));
    ({ voteId } = ok(await chair.send('openVote', { itemId: 'top-02', title: 'Testvorlage', kind: 'open', majority: { kind: 'simple' } })));
    await seat1.waitFor((v) => v.vote?.summary.id === voteId, 10_000, 'the vote on seat 1');
    await seat1b.waitFor((v) => v.vote?.summary.id === voteId, 10_000, 'the vote on seat 1, second connection');
    await seat2.until((v) => v.vote?.summary.id === voteId, 'the vote on seat 2');
    seat1.socket.on(WIRE.viewPatch, () => {
      seat1Pushes += 1;
    });
  });

  afterAll(async () => {
    for (const c of [chair, seat1, seat1b]) c?.close();
    seat2?.socket.close();
    await server?.stop();
  });

  it('is in the seat view as soon as the ballot is acknowledged, and not pushed again', async () => {
    const result = await seat1.send('castBallot', { voteId, choice: 'no', key: newBallotKey() });
    // nothing awaited in between: the answer itself brought the view
    expect(result.ok && result.viewPatch).toBeTruthy();
    expect(seat1.latest?.vote?.myBallot?.choice).toBe('no');
    // the seat's other connection gets it as a push
    await seat1b.waitFor((v) => v.vote?.myBallot?.choice === 'no', 10_000, 'the ballot on the second connection');
    // the next change to seat 1 (seat 2's ballot is none of its business; the chair's call is)
    ok(await seat2.send('castBallot', { voteId, choice: 'yes', key: newBallotKey() }));
    await seat2.until((v) => v.vote?.myBallot?.choice === 'yes', 'seat 2 pushed its ballot');
    expect(seat1Pushes).toBe(0);
  });

  it('comes as a push to a client that does not ask for it', async () => {
    const before = seat2.pushes;
    const result = await seat2.send('castBallot', { voteId, choice: 'abstain', key: newBallotKey() });
    expect(result).toMatchObject({ ok: true });
    expect(Object.keys(result).sort()).toEqual(['data', 'ok']);
    await seat2.until((v) => v.vote?.myBallot?.choice === 'abstain', 'the changed ballot of seat 2');
    expect(seat2.pushes).toBeGreaterThan(before);
  });

  it('a change right after the answer fits the view in the answer', async () => {
    // the ballot and the close race; the close's patch is made against the view in the answer
    const [ballot] = await Promise.all([seat1.send('castBallot', { voteId, choice: 'yes', key: newBallotKey() }), chair.send('closeVote', { voteId })]);
    expect(ballot.ok).toBe(true);
    const closed = await seat1.waitFor((v) => v.result?.voteId === voteId, 10_000, 'the result on seat 1');
    // what a fresh connection of the seat gets whole is what seat 1 has built from answer and patches
    const fresh = new RecordingClient('seat', server, { seatId: 1 });
    try {
      await fresh.connected();
      const whole = await fresh.waitFor(() => true, 10_000, 'a whole view');
      expect(withoutClock(seat1.latest ?? closed)).toEqual(withoutClock(whole));
      expect(withoutClock(seat1b.latest ?? closed)).toEqual(withoutClock(whole));
    } finally {
      fresh.close();
    }
  });
});
