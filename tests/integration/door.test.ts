import { get } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type ManagerOptions, type SocketOptions } from 'socket.io-client';
import { newBallotKey } from '../../server/protocol/client';
import type { CommandResult, Role } from '../../server/protocol/commands';
import type { ChairView } from '../../server/protocol/views';
import { cardUidFor, memberIdFor, writeCouncil } from '../helpers/council';
import { ok, RecordingClient, ServerProcess, tempDir, TEST_PIN } from '../helpers/server-process';
import type { LoginModel } from '../../server/protocol/register';

const UNKNOWN_CARD = 'DEADBEEF';
const OPEN_VOTE = { itemId: 'top-02', title: 'Von einem Platz', kind: 'open', majority: { kind: 'simple' } };

/** One server with makeCouncil({ members: 5 }) and the clients a test opened on it. */
class Room {
  private readonly opened: { close(): void }[] = [];
  private constructor(readonly server: ServerProcess) {}

  static async start(loginModel: LoginModel): Promise<Room> {
    const dir = tempDir(`door-${loginModel}`);
    const seedFile = writeCouncil(dir, { members: 5, loginModel });
    return new Room(await ServerProcess.start({ dataDir: `${dir}/data`, seedFile, env: { RATSSAAL_STAFF_UNLOCK: 'pin' } }));
  }

  async client<R extends Role>(role: R, seatId?: number): Promise<RecordingClient<R>> {
    const c = new RecordingClient(role, this.server, seatId === undefined ? {} : { seatId });
    this.opened.push(c);
    await c.connected();
    await c.waitFor(() => true, 10_000, 'first view');
    return c;
  }

  /** The record as a fresh chair connection sees it (sent on connect, so nothing is pending). */
  async record(): Promise<Pick<ChairView, 'attendance' | 'vote' | 'history'>> {
    const chair = new RecordingClient('chair', this.server);
    try {
      await chair.connected();
      const { attendance, vote, history } = await chair.waitFor(() => true, 10_000, 'chair view');
      return { attendance, vote, history };
    } finally {
      chair.close();
    }
  }

  async present(memberId: string): Promise<boolean> {
    return (await this.record()).attendance.find((a) => a.member.id === memberId)?.present ?? false;
  }

  /**
   * A handshake with hand-made auth: 'connected', or the code of the refusal. Shows the
   * credential of an enrolled device of the namespace's role (seat 1 for /seat, with the PIN for
   * chair and clerk) unless the auth names its own `device` (null: none).
   */
  handshake(namespace: string, given: Record<string, unknown>): Promise<string> {
    const role = namespace.slice(1) as Role;
    const auth: Record<string, unknown> = {
      ...(role === 'chair' || role === 'clerk' ? { pin: TEST_PIN } : {}),
      device: this.server.credentialFor(role, role === 'seat' ? 1 : undefined),
      ...given,
    };
    if (auth.device === null) delete auth.device;
    const options: Partial<ManagerOptions & SocketOptions> & { ca: string } = {
      auth,
      transports: ['websocket'],
      ca: this.server.ca,
      forceNew: true,
      reconnection: false,
    };
    const socket = io(`${this.server.url}${namespace}`, options);
    return new Promise((res, rej) => {
      const timer = setTimeout(() => {
        socket.close();
        rej(new Error(`no answer to the handshake on ${namespace}`));
      }, 10_000);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.close();
        res('connected');
      });
      socket.once('connect_error', (err: Error & { data?: { code?: string } }) => {
        clearTimeout(timer);
        socket.close();
        res(err.data?.code ?? `no code: ${err.message}`);
      });
    });
  }

  healthz(): Promise<{ status: number; body: { status?: string } }> {
    return new Promise((res, rej) => {
      const req = get(`${this.server.url}/healthz`, { ca: this.server.ca }, (response) => {
        let data = '';
        response.on('data', (chunk: Buffer) => {
          data += chunk.toString();
        });
        response.on('end', () => res({ status: response.statusCode ?? 0, body: JSON.parse(data) as { status?: string } }));
      });
      req.on('error', rej);
    });
  }

  async stop(): Promise<void> {
    for (const c of this.opened) c.close();
    await this.server.stop();
  }
}

/** Sends a raw message on the role's socket, past the typed client. */
async function raw(client: RecordingClient<Role>, name: string, payload: unknown): Promise<CommandResult<unknown>> {
  return (await client.socket.timeout(10_000).emitWithAck('command', { name, payload })) as CommandResult<unknown>;
}

const codeOf = (r: CommandResult<unknown>) => (r.ok ? 'ok' : r.error.code);
const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));

describe('the door of a real server (card-present)', () => {
  let room: Room;
  let chair: RecordingClient<'chair'>;
  let display: RecordingClient<'display'>;
  const seats = new Map<number, RecordingClient<'seat'>>();
  const seat = (id: number) => {
    const s = seats.get(id);
    if (!s) throw new Error(`no client for seat ${id}`);
    return s;
  };
  const clientOf = (role: Role): RecordingClient<Role> => (role === 'seat' ? seat(2) : role === 'chair' ? chair : display);

  beforeAll(async () => {
    room = await Room.start('card-present');
    chair = await room.client('chair');
    display = await room.client('display');
    for (let id = 1; id <= 5; id += 1) seats.set(id, await room.client('seat', id));
    for (let id = 1; id <= 3; id += 1) ok(await seat(id).send('demoTap', { uid: cardUidFor(id) }));
    await chair.waitFor((v) => v.quorum.present === 3, 10_000, 'three present');
  });

  afterAll(async () => {
    await room?.stop();
  });

  describe('refused commands change nothing', () => {
    it.each<[Role, string, unknown, string]>([
      ['seat', 'openVote', OPEN_VOTE, 'unknown-command'],
      ['seat', 'selectItem', { itemId: 'top-02' }, 'unknown-command'],
      ['seat', 'recordQuorumLack', {}, 'unknown-command'],
      ['seat', 'setBias', { itemId: 'top-02', memberId: memberIdFor(3), excluded: true }, 'unknown-command'],
      ['seat', '__proto__', {}, 'unknown-command'],
      ['seat', 'constructor', {}, 'unknown-command'],
      ['seat', 'castBallot', { voteId: 'v-none', choice: 'maybe', key: newBallotKey() }, 'validation-failed'],
      ['seat', 'castBallot', { voteId: 'v-none', choice: 'yes', key: newBallotKey() }, 'vote-unknown'],
      ['seat', 'demoTap', { uid: 'not-a-card' }, 'validation-failed'],
      ['display', 'castBallot', { voteId: 'v-none', choice: 'yes', key: newBallotKey() }, 'unknown-command'],
      ['display', 'openVote', OPEN_VOTE, 'unknown-command'],
      ['display', 'selectItem', { itemId: 'top-02' }, 'unknown-command'],
      ['display', 'demoTap', { uid: cardUidFor(4) }, 'unknown-command'],
      ['display', 'recordQuorumLack', {}, 'unknown-command'],
      ['chair', 'castBallot', { voteId: 'v-none', choice: 'yes', key: newBallotKey() }, 'unknown-command'],
      ['chair', 'demoTap', { uid: cardUidFor(4) }, 'unknown-command'],
      ['chair', 'openVote', { ...OPEN_VOTE, itemId: 'top-99' }, 'item-unknown'],
      ['chair', 'clearQuorumLack', {}, 'quorum-not-recorded-lacking'],
    ])('%s: %s → %s', async (role, name, payload, code) => {
      const before = await room.record();
      expect(codeOf(await raw(clientOf(role), name, payload))).toBe(code);
      const after = await room.record();
      expect(after).toEqual(before);
      expect(after.vote).toBeNull();
    });
  });

  describe('while a vote is open', () => {
    let voteId = '';
    beforeAll(async () => {
      ok(await chair.send('selectItem', { itemId: 'top-02' }));
      ({ voteId } = ok(await chair.send('openVote', { itemId: 'top-02', title: 'Testvorlage', kind: 'open', majority: { kind: 'simple' } })));
      ok(await seat(1).send('castBallot', { voteId, choice: 'yes', key: newBallotKey() }));
    });
    afterAll(async () => {
      ok(await chair.send('cancelVote', { voteId, reason: 'Testende' }));
    });

    it.each<[Role, number, string, string, (voteId: string) => unknown]>([
      ['seat', 5, 'castBallot', 'not-checked-in', (v) => ({ voteId: v, choice: 'yes', key: newBallotKey() })],
      ['seat', 2, 'castBallot', 'validation-failed', (v) => ({ voteId: v, choice: 'yes', key: 'short' })],
      ['seat', 2, 'castBallot', 'validation-failed', (v) => ({ voteId: v, choice: 'maybe', key: newBallotKey() })],
      ['seat', 2, 'castBallot', 'validation-failed', (v) => ({ voteId: v, choice: 'yes', key: newBallotKey(), seatId: 1 })],
      ['seat', 2, 'closeVote', 'unknown-command', (v) => ({ voteId: v })],
      ['seat', 2, 'cancelVote', 'unknown-command', (v) => ({ voteId: v, reason: 'von einem Platz' })],
      ['seat', 2, 'openVote', 'unknown-command', () => OPEN_VOTE],
      ['display', 0, 'closeVote', 'unknown-command', (v) => ({ voteId: v })],
      ['chair', 0, 'openVote', 'vote-already-open', () => OPEN_VOTE],
    ])('%s %i: %s → %s', async (role, seatId, name, code, payloadFor) => {
      const payload = payloadFor(voteId);
      const before = await room.record();
      expect(before.vote).toMatchObject({ summary: { id: voteId }, cast: 1 });
      expect(codeOf(await raw(role === 'seat' ? seat(seatId) : clientOf(role), name, payload))).toBe(code);
      expect(await room.record()).toEqual(before);
    });
  });

  describe('handshake', () => {
    it.each<[string, Record<string, unknown>, string]>([
      ['/seat', { protocol: 1, seatId: 1 }, 'connected'],
      ['/seat', { protocol: 999, seatId: 1 }, 'protocol-version'],
      ['/chair', { protocol: 999 }, 'protocol-version'],
      ['/display', { protocol: 0 }, 'protocol-version'],
      ['/seat', { protocol: 1, seatId: 99 }, 'device-wrong-seat'],
      ['/seat', { protocol: 1 }, 'seat-unknown'],
      ['/seat', { seatId: 1 }, 'validation-failed'],
      ['/chair', { protocol: '1' }, 'validation-failed'],
      ['/chair', { protocol: 1 }, 'connected'],
      ['/chair', { protocol: 1, pin: undefined }, 'pin-required'],
      ['/chair', { protocol: 1, pin: '12' }, 'pin-invalid'],
      ['/seat', { protocol: 1, seatId: 1, device: null }, 'device-not-enrolled'],
      ['/display', { protocol: 1, device: null }, 'device-not-enrolled'],
      ['/seat', { protocol: 1, seatId: 1, device: `rsd1.${'x'.repeat(43)}` }, 'device-not-enrolled'],
    ])('%s with %j → %s', async (namespace, auth, code) => {
      expect(await room.handshake(namespace, auth)).toBe(code);
    });

    // ARCHITECTURE.md: "Only enrolled devices connect; each device has a role" and "the chair's
    // powers are never reachable from a seat's connection".
    it('refuses a /chair connection that shows no enrolled device', async () => {
      expect(await room.handshake('/chair', { protocol: 1, device: null })).toBe('device-not-enrolled');
    });

    it("refuses a seat's credential on /chair and on another seat", async () => {
      const seat1 = room.server.credentialFor('seat', 1);
      expect(await room.handshake('/chair', { protocol: 1, device: seat1 })).toBe('device-wrong-role');
      expect(await room.handshake('/seat', { protocol: 1, seatId: 2, device: seat1 })).toBe('device-wrong-seat');
    });
  });

  it('ignores a command without ack callback, and the server keeps answering', async () => {
    const before = await room.record();
    seat(5).socket.emit('command', { name: 'demoTap', payload: { uid: cardUidFor(5) } });
    seat(5).socket.emit('command', { name: 5 });
    seat(5).socket.emit('command');
    const health = await room.healthz();
    expect(health).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(seat(5).socket.connected).toBe(true);
    expect(await room.record()).toEqual(before);
    expect(ok(await seat(5).send('demoCards', {})).cards).toHaveLength(5);
  });

  it('an unknown card gives only that seat the notice card-unknown', async () => {
    const before = await room.record();
    ok(await seat(4).send('demoTap', { uid: UNKNOWN_CARD }));
    await seat(4).waitForNotice('card-unknown');
    await sleep(300);
    for (const id of [1, 2, 3, 5]) expect(seat(id).notices.map((n) => n.code), `seat ${id}`).not.toContain('card-unknown');
    expect(await room.record()).toEqual(before);
    ok(await seat(4).send('demoRemove', {}));
  });

  it('card-present: the card on the reader logs in, taking it away logs out', async () => {
    ok(await seat(4).send('demoTap', { uid: cardUidFor(4) }));
    await seat(4).waitFor((v) => v.member?.id === memberIdFor(4), 10_000, 'logged in');
    expect(await room.present(memberIdFor(4))).toBe(true);
    ok(await seat(4).send('demoRemove', {}));
    await seat(4).waitFor((v) => v.member === null, 10_000, 'logged out');
    expect(await room.present(memberIdFor(4))).toBe(false);
  });

  it('disconnects a socket after more than 50 invalid messages, not before', async () => {
    const noisy = await room.client('seat', 4);
    const answers = await Promise.all(Array.from({ length: 50 }, () => raw(noisy, 'castBallot', { choice: 'maybe' })));
    expect(answers.map(codeOf).filter((c) => c !== 'validation-failed' && c !== 'rate-limited')).toEqual([]);
    expect(noisy.socket.connected).toBe(true);
    const reason = new Promise<string>((res) => noisy.socket.once('disconnect', res));
    noisy.socket.emit('command', { name: 'castBallot', payload: { choice: 'maybe' } }, () => undefined);
    expect(await reason).toBe('io server disconnect');
    // only that connection: the seat's other connection and the server carry on
    expect(seat(4).socket.connected).toBe(true);
    expect(ok(await seat(4).send('demoCards', {})).cards).toHaveLength(5);
    expect((await room.healthz()).status).toBe(200);
  });
});

describe('the door of a real server (tap-toggle)', () => {
  let room: Room;
  let seat2: RecordingClient<'seat'>;
  const m2 = memberIdFor(2);

  beforeAll(async () => {
    room = await Room.start('tap-toggle');
    seat2 = await room.client('seat', 2);
  });

  afterAll(async () => {
    await room?.stop();
  });

  it('a tap logs in', async () => {
    ok(await seat2.send('demoTap', { uid: cardUidFor(2) }));
    await seat2.waitFor((v) => v.member?.id === m2, 10_000, 'logged in');
    expect(await room.present(m2)).toBe(true);
  });

  it('taking the card away does nothing', async () => {
    ok(await seat2.send('demoRemove', {}));
    expect(await room.present(m2)).toBe(true);
    expect(seat2.latest?.member?.id).toBe(m2);
  });

  it('a second tap at the same seat logs out', async () => {
    ok(await seat2.send('demoTap', { uid: cardUidFor(2) }));
    await seat2.waitFor((v) => v.member === null, 10_000, 'logged out');
    expect(await room.present(m2)).toBe(false);
  });

  it('remove and tap again logs in again', async () => {
    ok(await seat2.send('demoRemove', {}));
    ok(await seat2.send('demoTap', { uid: cardUidFor(2) }));
    await seat2.waitFor((v) => v.member?.id === m2, 10_000, 'logged in again');
    const row = (await room.record()).attendance.find((a) => a.member.id === m2);
    expect(row).toMatchObject({ present: true, seatId: 2, manual: false });
  });
});
