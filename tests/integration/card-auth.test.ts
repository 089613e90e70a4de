import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChairView } from '../../server/protocol/views';
import type { CouncilProfile } from '../../server/protocol/register';
import { previousCardKeyPath, readCardKey, runCardsCli } from '../../server/security/card-key';
import { SimulatedCardReaderDriver } from '../../drivers/card-readers/simulated';
import { SeatAgent } from '../../drivers/seat-agent/agent';
import { agentAuthenticator } from '../../drivers/seat-agent/cli';
import { readLog } from '../../server/store/log-reader';
import { cardUidFor, makeCouncil, memberIdFor } from '../helpers/council';
import { ok, RecordingClient, ServerProcess, tempDir } from '../helpers/server-process';

/**
 * Cloning-resistant cards end to end with the real server process and the simulated readers:
 * the demo panel's genuine cards run the real challenge against a software NTAG 424 DNA, its
 * clones carry the UID without the key.
 */

const dir = tempDir('card-auth');
const clients: RecordingClient<'seat' | 'chair' | 'clerk'>[] = [];
let server: ServerProcess;
let keyHex: string;
let keyFile: string;
const agents: SeatAgent[] = [];

function seed(name: string, cardAuthentication: CouncilProfile['cardAuthentication']): string {
  const register = makeCouncil({ members: 8 });
  register.profile = { ...register.profile, cardAuthentication };
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(register));
  return file;
}

function track<C extends RecordingClient<'seat' | 'chair' | 'clerk'>>(c: C): C {
  clients.push(c);
  return c;
}

beforeAll(async () => {
  const dataDir = join(dir, 'on');
  expect(runCardsCli(['init-key'], { RATSSAAL_DATA: dataDir }, () => undefined, () => undefined)).toBe(0);
  keyFile = join(dataDir, 'keys', 'card-master.key');
  keyHex = readCardKey(keyFile).toString('hex').toUpperCase();
  server = await ServerProcess.start({
    dataDir,
    seedFile: seed('required', 'challenge-response'),
    env: { RATSSAAL_KEYBOARD_WEDGE: '1' },
  });
});

afterAll(async () => {
  for (const a of agents) await a.stop();
  for (const c of clients) c.close();
  await server?.stop();
});

describe('the card master key at start-up', () => {
  it('with challenge-response required and no key the server refuses to start, saying why', async () => {
    const err = await ServerProcess.start({ dataDir: join(dir, 'nokey'), seedFile: seed('nokey', 'challenge-response') }).then(
      () => null,
      (e: unknown) => (e instanceof Error ? e.message : String(e)),
    );
    expect(err).toMatch(/server exited with 1/);
    expect(err).toContain('card master key');
    expect(err).toContain('npm run cards -- init-key');
  });

  it('without a key the clerk cannot switch challenge-response on', async () => {
    const plain = await ServerProcess.start({ dataDir: join(dir, 'plain'), seedFile: seed('plain', 'uid') });
    try {
      const clerk = track(new RecordingClient('clerk', plain));
      const view = await clerk.waitFor(() => true, 20_000, 'clerk view');
      const r = await clerk.send('updateProfile', { profile: { ...view.profile, cardAuthentication: 'challenge-response' } });
      expect(r.ok ? 'accepted' : r.error.code).toBe('card-key-missing');
      expect(r.ok ? '' : r.error.message.de).toContain('kein Kartenschlüssel');
      // with the option off, a UID card logs in as before
      const seat = track(new RecordingClient('seat', plain, { seatId: 1 }));
      ok(await seat.send('demoTap', { uid: cardUidFor(1), card: 'clone' }));
      await seat.waitFor((v) => v.member?.id === memberIdFor(1), 20_000, 'member 1 in with a UID card');
    } finally {
      await plain.stop();
    }
  });
});

describe('challenge-response required', () => {
  it('a genuine card logs in; a clone of another UID is refused on its seat, logged and shown to the chair', async () => {
    const genuine = track(new RecordingClient('seat', server, { seatId: 1 }));
    const cloned = track(new RecordingClient('seat', server, { seatId: 2 }));
    const chair = track(new RecordingClient('chair', server));
    ok(await genuine.send('demoTap', { uid: cardUidFor(1), card: 'genuine' }));
    await genuine.waitFor((v) => v.member?.id === memberIdFor(1), 20_000, 'member 1 in');

    ok(await cloned.send('demoTap', { uid: cardUidFor(2), card: 'clone' }));
    await cloned.waitForNotice('card-not-genuine', 20_000);
    const view = await chair.waitFor((v: ChairView) => (v.cardAlerts?.length ?? 0) > 0, 20_000, 'card alert');
    expect(view.cardAlerts?.[0]).toMatchObject({ seatId: 2, uid: cardUidFor(2), member: { id: memberIdFor(2) }, purpose: 'login' });
    expect(view.attendance.find((a) => a.member.id === memberIdFor(2))?.present).toBe(false);
    expect(cloned.latest?.member).toBeNull();
    ok(await cloned.send('demoRemove', {}));
  });

  it('a plain UID tap and a typed UID (keyboard wedge) prove nothing and are refused', async () => {
    const seat = track(new RecordingClient('seat', server, { seatId: 3 }));
    await seat.connected();
    ok(await seat.send('demoTap', { uid: cardUidFor(3) }));
    await seat.waitForNotice('card-not-genuine', 20_000);
    ok(await seat.send('demoRemove', {}));
    const typed = await seat.send('wedgeTap', { uid: cardUidFor(3) });
    expect(typed.ok ? 'accepted' : typed.error.code).toBe('card-not-genuine');
    expect(typed.ok ? '' : typed.error.message.de).toContain('nicht als echt bestätigt');
    expect(typed.ok ? '' : typed.error.message.en).toContain('could not be confirmed as genuine');
    expect(seat.latest?.member ?? null).toBeNull();
  });

  it("the clerk's card mode registers only a genuine card; a clone is refused and logged", async () => {
    const clerk = track(new RecordingClient('clerk', server));
    const seat = track(new RecordingClient('seat', server, { seatId: 4 }));
    const NEW = '04ABCDEF012345';
    ok(await clerk.send('startCardMode', { memberId: memberIdFor(4) }));
    ok(await seat.send('demoTap', { uid: NEW, card: 'clone' }));
    const refused = await clerk.waitFor((v) => v.lastCardResult?.uid === NEW, 20_000, 'card result');
    expect(refused.lastCardResult).toMatchObject({ ok: false, message: { de: expect.stringContaining('nicht als echt') as unknown } });
    expect(refused.members.find((m) => m.member.id === memberIdFor(4))?.cards).not.toContain(NEW);
    ok(await seat.send('demoRemove', {}));

    ok(await clerk.send('startCardMode', { memberId: memberIdFor(4) }));
    await clerk.waitFor((v) => v.cardMode !== null, 20_000, 'card mode again');
    ok(await seat.send('demoTap', { uid: NEW, card: 'genuine' }));
    const done = await clerk.waitFor((v) => v.lastCardResult?.uid === NEW && v.lastCardResult.ok, 20_000, 'registered');
    expect(done.members.find((m) => m.member.id === memberIdFor(4))?.cards).toContain(NEW);
    ok(await seat.send('demoRemove', {}));
  });

  it("the clerk's card mode sets a new card (factory key) up at the server's reader, registers it, and it then logs in", async () => {
    const clerk = track(new RecordingClient('clerk', server));
    const seat = track(new RecordingClient('seat', server, { seatId: 6 }));
    const NEW = '04FAC70A7C0001';
    ok(await clerk.send('startCardMode', { memberId: memberIdFor(6) }));
    await clerk.waitFor((v) => v.cardMode?.phase === 'waiting', 20_000, 'card mode');
    ok(await seat.send('demoTap', { uid: NEW, card: 'factory' }));
    const done = await clerk.waitFor((v) => v.lastCardResult?.uid === NEW, 20_000, 'card result');
    expect(done.lastCardResult).toMatchObject({ ok: true, personalised: true, message: null });
    expect(done.cardMode).toBeNull();
    expect(done.members.find((m) => m.member.id === memberIdFor(6))?.cards).toContain(NEW);
    // no security note: a new card is no failed authentication
    const chair = track(new RecordingClient('chair', server));
    const chairView = await chair.waitFor(() => true, 20_000, 'chair view');
    expect((chairView.cardAlerts ?? []).map((a) => a.uid)).not.toContain(NEW);
    ok(await seat.send('demoRemove', {}));
    // the same card at the seat: it proves the council's key and logs its member in
    ok(await seat.send('demoTap', { uid: NEW, card: 'factory' }));
    await seat.waitFor((v) => v.member?.id === memberIdFor(6), 20_000, 'member 6 in with the new card');
    ok(await seat.send('demoRemove', {}));
    await seat.waitFor((v) => v.member === null, 20_000, 'member 6 out');
  });

  it('a seat agent with its own copy of the key proves cards itself; the server trusts its report', async () => {
    const seat = track(new RecordingClient('seat', server, { seatId: 5 }));
    const driver = new SimulatedCardReaderDriver(['R5'], { authenticator: agentAuthenticator(keyFile) });
    const agent = new SeatAgent({ server: server.url, ca: server.ca, agentId: 'card-auth-unit', seats: [{ seatId: 5, reader: 'R5' }], driver, log: () => undefined, token: server.credentialFor('agent')! });
    agents.push(agent);
    await agent.start();
    await seat.waitFor((v) => v.reader === 'connected', 20_000, 'agent reader connected');
    expect(await driver.tapCard('R5', cardUidFor(5), 'genuine')).toBe(true);
    await seat.waitFor((v) => v.member?.id === memberIdFor(5), 20_000, 'member 5 in through the agent');
    driver.remove('R5');
    await seat.waitFor((v) => v.member === null, 20_000, 'member 5 out');
    expect(await driver.tapCard('R5', cardUidFor(6), 'clone')).toBe(true);
    await seat.waitForNotice('card-not-genuine', 20_000);
    expect(seat.latest?.member).toBeNull();
    driver.remove('R5');

    // the clerk registers a new card at the agent's reader: the server cannot set it up there
    const clerk = track(new RecordingClient('clerk', server));
    const NEW = '04A6E7C0000001';
    ok(await clerk.send('startCardMode', { memberId: memberIdFor(8) }));
    await clerk.waitFor((v) => v.cardMode?.phase === 'waiting' && v.cardMode.notice === null, 20_000, 'card mode');
    expect(await driver.tapCard('R5', NEW, 'factory')).toBe(true);
    const waiting = await clerk.waitFor((v) => v.cardMode?.notice != null, 20_000, 'the mode waits again, saying why');
    expect(waiting.cardMode?.notice?.de).toContain('auf einen Kartenleser am Server legen');
    expect(waiting.lastCardResult).toMatchObject({ uid: NEW, ok: false, registered: false });
    expect(waiting.members.find((m) => m.member.id === memberIdFor(8))?.cards).not.toContain(NEW);
    driver.remove('R5');
    ok(await clerk.send('cancelCardMode', {}));
  });

  it('during a key rotation a seat agent with both keys lets a card on the previous key in, and the clerk sees it listed', async () => {
    // the server and the agent each with the new key and the previous one beside it
    const rotDir = join(dir, 'rotation');
    expect(runCardsCli(['init-key'], { RATSSAAL_DATA: rotDir }, () => undefined, () => undefined)).toBe(0);
    const current = join(rotDir, 'keys', 'card-master.key');
    const previousHex = randomBytes(16).toString('hex').toUpperCase();
    writeFileSync(previousCardKeyPath(current), `${previousHex}\n`, { mode: 0o600 });
    const agentKey = join(dir, 'agent-rotation.key');
    writeFileSync(agentKey, readFileSync(current), { mode: 0o600 });
    writeFileSync(join(dir, 'agent-rotation.previous.key'), `${previousHex}\n`, { mode: 0o600 });
    const rotating = await ServerProcess.start({ dataDir: rotDir, seedFile: seed('rotation', 'challenge-response') });
    try {
      const seat = track(new RecordingClient('seat', rotating, { seatId: 7 }));
      const clerk = track(new RecordingClient('clerk', rotating));
      const driver = new SimulatedCardReaderDriver(['R7'], { authenticator: agentAuthenticator(agentKey, () => undefined) });
      const agent = new SeatAgent({ server: rotating.url, ca: rotating.ca, agentId: 'rotation-unit', seats: [{ seatId: 7, reader: 'R7' }], driver, log: () => undefined, token: rotating.credentialFor('agent')! });
      agents.push(agent);
      await agent.start();
      await seat.waitFor((v) => v.reader === 'connected', 20_000, 'agent reader connected');
      expect(await driver.tapCard('R7', cardUidFor(7), 'previous')).toBe(true);
      await seat.waitFor((v) => v.member?.id === memberIdFor(7), 20_000, 'member 7 in with a card on the previous key');
      const listed = await clerk.waitFor((v) => (v.cardRotation?.cards ?? []).some((c) => c.uid === cardUidFor(7)), 20_000, 'on the rotation list');
      expect(listed.cardRotation!.cards.map((c) => c.uid)).toEqual([cardUidFor(7)]);
      expect(rotating.log).toContain(`card ${cardUidFor(7)} at agent-seat-7 still carries the previous key (seat agent)`);
      driver.remove('R7');
      await seat.waitFor((v) => v.member === null, 20_000, 'member 7 out');
      // renewed elsewhere: with the current key it leaves the list
      expect(await driver.tapCard('R7', cardUidFor(7), 'genuine')).toBe(true);
      await seat.waitFor((v) => v.member?.id === memberIdFor(7), 20_000, 'member 7 in with the current key');
      await clerk.waitFor((v) => (v.cardRotation?.cards ?? []).length === 0, 20_000, 'off the rotation list');
      driver.remove('R7');
      await agent.stop();
    } finally {
      await rotating.stop();
    }
  });

  it('every refusal is in the log; the master key is in no view, no log record, no database file', async () => {
    // the seat hears of its refusal first; the record of it is committed right after
    const recorded = () =>
      readLog(server.dataPath())
        .events.map((e) => e.event)
        .filter((e) => e.type === 'CardAuthenticationFailed');
    const deadline = Date.now() + 20_000;
    while (recorded().length < 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const failures = recorded();
    expect(failures).toEqual([
      { type: 'CardAuthenticationFailed', seatId: 2, uid: cardUidFor(2), memberId: memberIdFor(2), purpose: 'login' },
      { type: 'CardAuthenticationFailed', seatId: 3, uid: cardUidFor(3), memberId: memberIdFor(3), purpose: 'login' },
      { type: 'CardAuthenticationFailed', seatId: 3, uid: cardUidFor(3), memberId: memberIdFor(3), purpose: 'login' },
      { type: 'CardAuthenticationFailed', seatId: null, uid: '04ABCDEF012345', memberId: null, purpose: 'registration' },
      { type: 'CardAuthenticationFailed', seatId: 5, uid: cardUidFor(6), memberId: memberIdFor(6), purpose: 'login' },
    ]);
    const key = Buffer.from(keyHex, 'hex');
    for (const c of clients) expect(JSON.stringify(c.views).toUpperCase()).not.toContain(keyHex);
    for (const name of readdirSync(server.dataPath()).filter((f) => f.startsWith('ratssaal.db'))) {
      const bytes = readFileSync(server.dataPath(name));
      expect(bytes.includes(key), name).toBe(false);
      expect(bytes.toString('latin1').toUpperCase().includes(keyHex), name).toBe(false);
    }
    expect(server.log.toUpperCase()).not.toContain(keyHex);
  });
});
