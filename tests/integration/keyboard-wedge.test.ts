import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardUidFor, memberIdFor, writeCouncil } from '../helpers/council';
import { RecordingClient, ServerProcess, tempDir } from '../helpers/server-process';

/** A keyboard-wedge reader at a seat: the seat UI sends the typed UID as wedgeTap. */

let on: ServerProcess;
let off: ServerProcess;
const clients: RecordingClient<'seat'>[] = [];

beforeAll(async () => {
  const dir = tempDir('wedge');
  const seedFile = writeCouncil(dir, { members: 6, loginModel: 'tap-toggle' });
  [on, off] = await Promise.all([
    ServerProcess.start({ dataDir: `${dir}/on`, seedFile, env: { RATSSAAL_KEYBOARD_WEDGE: '1', RATSSAAL_DEMO: 'false', RATSSAAL_READERS: 'simulated' } }),
    ServerProcess.start({ dataDir: `${dir}/off`, seedFile, env: { RATSSAAL_DEMO: 'false', RATSSAAL_READERS: 'simulated' } }),
  ]);
});

afterAll(async () => {
  for (const c of clients) c.close();
  await Promise.all([on?.stop(), off?.stop()]);
});

function seat(server: ServerProcess, id: number) {
  const c = new RecordingClient('seat', server, { seatId: id });
  clients.push(c);
  return c;
}

describe('keyboard wedge', () => {
  it('when enabled, the seat view says so and a typed UID taps in and (tap-toggle) out', async () => {
    const s = seat(on, 2);
    const first = await s.waitFor(() => true, 20_000, 'first view');
    expect(first.keyboardWedge).toBe(true);
    expect((await s.send('wedgeTap', { uid: cardUidFor(2) })).ok).toBe(true);
    await s.waitFor((v) => v.member?.id === memberIdFor(2), 20_000, 'member 2 in');
    expect((await s.send('wedgeTap', { uid: cardUidFor(2) })).ok).toBe(true);
    await s.waitFor((v) => v.member === null, 20_000, 'member 2 out');
  });

  it('an unknown card is refused with "Karte nicht registriert" on that seat', async () => {
    const s = seat(on, 3);
    await s.connected();
    const r = await s.send('wedgeTap', { uid: 'DEADBEEF' });
    expect(r.ok ? null : r.error.code).toBe('card-unknown');
    expect(r.ok ? null : r.error.message.de).toBe('Karte nicht registriert.');
    await s.waitForNotice('card-unknown');
    expect(s.latest?.member ?? null).toBeNull();
  });

  it('is off by default: the view does not offer it and the command is refused', async () => {
    const s = seat(off, 2);
    const first = await s.waitFor(() => true, 20_000, 'first view');
    expect(first.keyboardWedge).toBeUndefined();
    const r = await s.send('wedgeTap', { uid: cardUidFor(2) });
    expect(r.ok ? null : r.error.code).toBe('keyboard-wedge-disabled');
    expect(s.latest?.member).toBeNull();
  });
});
