import { describe, expect, it } from 'vitest';
import { planMics, type MicPolicyInput } from '../../server/session/mic-policy';

const base: MicPolicyInput = {
  mode: 'chair-controlled',
  maxOpen: 2,
  chairSeats: [1],
  chairOn: false,
  floorSeat: null,
  floorMuted: false,
  pressed: [],
  requesting: new Set(),
};

describe('planMics: discussion modes', () => {
  it.each<[string, Partial<MicPolicyInput>, { on: number[]; lamps: [number, string][]; dropped: number[] }]>([
    ['nothing happens: all closed', {}, { on: [], lamps: [], dropped: [] }],
    ['chair-controlled: the floor opens the speaker\'s mic', { floorSeat: 4 }, { on: [4], lamps: [], dropped: [] }],
    ['chair-controlled: a talk button does not open a mic', { pressed: [5] }, { on: [], lamps: [], dropped: [5] }],
    ['request lamps for queued requests', { floorSeat: 4, requesting: new Set([4, 6]) }, { on: [4], lamps: [[6, 'request']], dropped: [] }],
    ['time up and mute: the speaker is closed', { floorSeat: 4, floorMuted: true }, { on: [], lamps: [], dropped: [] }],
    ['the chair mic has priority and does not count', { chairOn: true, mode: 'free', maxOpen: 1, pressed: [3] }, { on: [1, 3], lamps: [], dropped: [] }],
    ['fifo: opens in press order up to the maximum, the rest wait', { mode: 'fifo', pressed: [5, 3, 7, 2] }, { on: [5, 3], lamps: [[7, 'waiting'], [2, 'waiting']], dropped: [] }],
    ['fifo: the speaker with the floor takes a place', { mode: 'fifo', floorSeat: 4, pressed: [5, 3] }, { on: [4, 5], lamps: [[3, 'waiting']], dropped: [] }],
    ['free: beyond the maximum a press is dropped', { mode: 'free', pressed: [5, 3, 7] }, { on: [5, 3], lamps: [], dropped: [7] }],
    ['the chair\'s press in free mode counts as the chair mic only when on', { mode: 'free', pressed: [1, 5] }, { on: [5], lamps: [], dropped: [] }],
    ['a waiting lamp wins over a request lamp', { mode: 'fifo', maxOpen: 0, pressed: [6], requesting: new Set([6]) }, { on: [], lamps: [[6, 'waiting']], dropped: [] }],
  ])('%s', (_name, input, expected) => {
    const plan = planMics({ ...base, ...input });
    expect([...plan.on]).toEqual(expected.on);
    expect([...plan.lamps]).toEqual(expected.lamps);
    expect(plan.dropped).toEqual(expected.dropped);
  });
});
