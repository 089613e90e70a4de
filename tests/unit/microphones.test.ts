import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MicUnitSeatMap, SimulatedMicrophoneDriver } from '../../drivers/microphones';
import type { MicrophoneDriver } from '../../drivers/microphones/types';
import type { MicMode, MicsView } from '../../server/protocol/conference';
import { MicrophoneControl } from '../../server/session/microphones';
import { SessionService } from '../../server/session/service';
import { EventStore } from '../../server/store/event-store';
import { CARD, SEAT, register } from './domain/fixtures';

/** The controller with the simulated driver and a real session service on a temporary log. */
async function setup(mode: MicMode, maxOpen = 2) {
  const dir = mkdtempSync(join(tmpdir(), 'ratssaal-mics-'));
  const store = EventStore.open(join(dir, 'log.db'));
  let now = new Date('2026-03-12T17:00:00.000Z');
  const session = new SessionService(store, () => now);
  await session.submit({ type: 'loadRegister', register: register() }, { kind: 'system' });
  const units = MicUnitSeatMap.simulated(session.state.seats.keys());
  const driver = new SimulatedMicrophoneDriver(units.units());
  const changed: number[] = [];
  const control = new MicrophoneControl({ session, driver, units, mode, maxOpen, clock: () => now, onChange: (s) => changed.push(...s), onWarning: () => undefined });
  for (const m of ['gruen-1', 'gruen-2', 'buerger-1', 'links-1'] as const) {
    await session.submit({ type: 'presentCard', seatId: SEAT[m], cardUid: CARD[m] }, { kind: 'system' });
  }
  await session.submit({ type: 'selectItem', itemId: 'top-1' }, { kind: 'chair' });
  const open = () => driver.mics().filter((u) => u.on).map((u) => units.seatOf(u.unit));
  const lamp = (seat: number) => driver.mics().find((u) => u.unit === units.unitOf(seat))?.lamp;
  const cleanup = () => {
    control.close();
    session.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { store, session, driver, control, units, open, lamp, changed, cleanup, setNow: (d: Date) => (now = d) };
}

/** Waits until the session's group commit and the controller's reaction have happened. */
async function until(what: string, predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

describe('MicrophoneControl with the simulated driver', () => {
  let cleanup: (() => void) | undefined;
  afterEach(() => cleanup?.());

  it('chair-controlled: the hardware button asks for the floor (again: withdraws); giving the floor opens the mic', async () => {
    const t = await setup('chair-controlled');
    cleanup = t.cleanup;
    const requests = () => t.session.state.speakers.lists.get('top-1')?.requests.map((r) => r.memberId) ?? [];
    t.driver.press('mic-2', true);
    await until('the request of seat 2', () => requests().length === 1);
    expect(requests()).toEqual(['gruen-1']);
    // the controller hears of committed events right after the acknowledgements
    await until('the request lamp of seat 2', () => t.lamp(2) === 'request');
    await t.session.submit({ type: 'giveFloor' }, { kind: 'chair' });
    await until('the mic of seat 2', () => t.open().includes(2));
    expect(t.open()).toEqual([2]);
    expect(t.lamp(2)).toBe('off');
    expect(t.changed).toContain(2);
    t.driver.press('mic-3', true);
    await until('the request of seat 3', () => requests().includes('gruen-2'));
    t.driver.press('mic-3', true);
    await until('the withdrawal of seat 3', () => requests().length === 0);
    await t.session.submit({ type: 'endFloor' }, { kind: 'chair' });
    await until('all mics off', () => t.open().length === 0);
  });

  it('fifo: the third talk button waits and opens when one closes; the chair mic does not count', async () => {
    const t = await setup('fifo', 2);
    cleanup = t.cleanup;
    t.driver.press('mic-2', true);
    t.driver.press('mic-3', true);
    t.driver.press('mic-4', true);
    expect(t.open()).toEqual([2, 3]);
    expect(t.lamp(4)).toBe('waiting');
    t.control.setChairMic(true);
    expect(t.open()).toEqual([1, 2, 3]);
    t.driver.press('mic-2', false);
    expect(t.open()).toEqual([1, 3, 4]);
    expect(t.lamp(4)).toBe('off');
  });

  it('a talk button of an empty seat is ignored, and a member who leaves loses the mic', async () => {
    const t = await setup('free', 2);
    cleanup = t.cleanup;
    t.driver.press('mic-8', true);
    expect(t.open()).toEqual([]);
    t.driver.press('mic-6', true);
    expect(t.open()).toEqual([6]);
    await t.session.submit({ type: 'removeCard', seatId: 6 }, { kind: 'system' });
    await until('the mic of seat 6 off', () => t.open().length === 0);
  });

  it('mute at zero needs the council setting: with "warn" the mic stays open over time', async () => {
    const t = await setup('chair-controlled');
    cleanup = t.cleanup;
    await t.session.submit({ type: 'setSpeakingTime', seconds: 60 }, { kind: 'chair' });
    await t.session.submit({ type: 'giveFloor', memberId: 'gruen-1' }, { kind: 'chair' });
    t.setNow(new Date('2026-03-12T17:05:00.000Z'));
    t.control.setChairMic(false);
    expect(t.open()).toEqual([2]);
  });

  it('a ballot leaves the microphones alone: no planning, the open microphone stays open', async () => {
    const t = await setup('chair-controlled');
    cleanup = t.cleanup;
    await t.session.submit({ type: 'requestFloor', seatId: SEAT['gruen-1'], kind: 'ordinary' }, { kind: 'seat', seatId: SEAT['gruen-1'] });
    await t.session.submit({ type: 'giveFloor' }, { kind: 'chair' });
    await until('the mic of seat 2', () => t.open().includes(SEAT['gruen-1']));
    await t.session.submit({ type: 'openVote', voteId: 'v-mic', itemId: 'top-1', title: 'Abstimmung', kind: 'open', majority: { kind: 'simple' } }, { kind: 'chair' });
    await new Promise((r) => setImmediate(r));
    let planned = 0;
    const mics = t.driver.mics.bind(t.driver);
    t.driver.mics = () => {
      planned += 1;
      return mics();
    };
    for (const m of ['gruen-2', 'buerger-1', 'links-1'] as const) {
      await t.session.submit({ type: 'castBallot', voteId: 'v-mic', seatId: SEAT[m], choice: 'yes', key: `k-${m}` }, { kind: 'seat', seatId: SEAT[m] });
    }
    await new Promise((r) => setImmediate(r));
    expect(planned).toBe(0);
    expect(t.open()).toEqual([SEAT['gruen-1']]);
    // anything else is planned again at once
    await t.session.submit({ type: 'closeVote', voteId: 'v-mic' }, { kind: 'chair' });
    await until('the microphones planned after the close', () => planned > 0);
  });
  it("the chair's overview of the units is the same object while nothing changed, and follows every change", async () => {
    const t = await setup('free', 2);
    cleanup = t.cleanup;
    const actual = () => t.driver.mics().map((u) => ({ seatId: t.units.seatOf(u.unit), on: u.on, lamp: u.lamp }));
    const shown = (v: MicsView) => v.units.map((u) => ({ seatId: u.seatId, on: u.on, lamp: u.lamp }));
    const first = t.control.view();
    expect(t.control.view()).toBe(first);
    t.driver.press('mic-6', true);
    await new Promise((r) => setImmediate(r));
    const pressed = t.control.view();
    expect(t.control.view()).toBe(pressed);
    expect(pressed).not.toBe(first);
    expect(shown(pressed)).toEqual(actual());
    expect(pressed.units.find((u) => u.seatId === 6)?.on).toBe(true);
    // the hardware changed by itself (switched off at the central unit)
    await t.driver.setMic('mic-6', false);
    expect(shown(t.control.view())).toEqual(actual());
    expect(t.control.view().units.find((u) => u.seatId === 6)?.on).toBe(false);
    // ballots change no unit and no seat: the very same overview
    await t.session.submit({ type: 'openVote', voteId: 'v-view', itemId: 'top-1', title: 'Abstimmung', kind: 'open', majority: { kind: 'simple' } }, { kind: 'chair' });
    await new Promise((r) => setImmediate(r));
    const open = t.control.view();
    await t.session.submit({ type: 'castBallot', voteId: 'v-view', seatId: SEAT['gruen-2'], choice: 'yes', key: 'k-view' }, { kind: 'seat', seatId: SEAT['gruen-2'] });
    await new Promise((r) => setImmediate(r));
    expect(t.control.view()).toBe(open);
    // a change of the record's structure builds it again (the seat labels come from there)
    await t.session.submit({ type: 'closeVote', voteId: 'v-view' }, { kind: 'chair' });
    expect(t.control.view()).not.toBe(open);
    expect(shown(t.control.view())).toEqual(actual());
  });

  it('the overview is built again when a failed write made the service rebuild its state', async () => {
    const t = await setup('free', 2);
    cleanup = t.cleanup;
    await new Promise((r) => setImmediate(r));
    const before = t.control.view();
    expect(t.control.view()).toBe(before);
    vi.spyOn(t.store, 'commit').mockImplementationOnce(() => {
      throw new Error('disk I/O error');
    });
    await expect(t.session.submit({ type: 'selectItem', itemId: 'top-2' }, { kind: 'chair' })).rejects.toThrow(/disk I\/O error/);
    // a new state whose versions count anew: nothing kept from the old one is taken for current
    const after = t.control.view();
    expect(after).not.toBe(before);
    expect(after).toEqual(before);
  });

  it("the overview follows a driver whose commands take effect later and that reports nothing of them", async () => {
    const t = await setup('free', 2);
    cleanup = t.cleanup;
    // this test's controller alone drives the units
    await new Promise((r) => setImmediate(r));
    t.control.close();
    const sim = t.driver;
    let later: (() => void)[] = [];
    // the hardware accepts a command a moment later and sends no unitChanged for it
    const quiet: MicrophoneDriver = {
      kind: 'quiet',
      hardwareMaxOpen: sim.hardwareMaxOpen,
      start: () => sim.start(),
      stop: () => sim.stop(),
      mics: () => sim.mics(),
      mic: (unit) => sim.mic(unit),
      setMic: (unit, on) => new Promise<void>((resolve) => later.push(() => void sim.setMic(unit, on).then(resolve))),
      setLamp: (unit, lamp) => new Promise<void>((resolve) => later.push(() => void sim.setLamp(unit, lamp).then(resolve))),
      on: (event, listener) => (event === 'unitChanged' ? () => undefined : sim.on(event, listener)),
    };
    const control = new MicrophoneControl({ session: t.session, driver: quiet, units: t.units, mode: 'free', maxOpen: 2, onChange: () => undefined, onWarning: () => undefined });
    try {
      control.press(SEAT['gruen-1'], true);
      expect(control.view().units.find((u) => u.seatId === SEAT['gruen-1'])?.on).toBe(false);
      const run = later;
      later = [];
      for (const f of run) f();
      await new Promise((r) => setImmediate(r));
      expect(control.view().units.find((u) => u.seatId === SEAT['gruen-1'])?.on).toBe(true);
    } finally {
      control.close();
    }
  });
});
