import type { MicLamp } from '../../drivers/microphones';
import type { MicMode } from '../protocol/conference';

/**
 * Which microphones are open: a pure function of the room's state, the same for every brand
 * of hardware. Discussion modes as in DICENTIS / MXCW:
 * - chair-controlled: a mic opens when the chair gives the floor; talk buttons do not open mics.
 * - fifo: talk buttons open mics in the order pressed up to maxOpen; later ones wait (lamp) and
 *   open when a mic closes.
 * - free: talk buttons open mics up to maxOpen; a press beyond it is dropped.
 * In every mode the chair's mic has priority (it opens regardless and does not count), and the
 * speaker who has the floor is open (counted) unless their time ran out and the council mutes.
 */
export interface MicPolicyInput {
  mode: MicMode;
  maxOpen: number;
  chairSeats: readonly number[];
  chairOn: boolean;
  floorSeat: number | null;
  floorMuted: boolean;
  /** Seats whose talk button is down (or latched), in the order pressed. */
  pressed: readonly number[];
  /** Seats whose member has a request to speak queued. */
  requesting: ReadonlySet<number>;
}

export interface MicPlan {
  on: Set<number>;
  /** Lamps that are not off. */
  lamps: Map<number, MicLamp>;
  /** Presses that do not stay (free mode beyond the maximum, chair-controlled mode). */
  dropped: number[];
}

export function planMics(i: MicPolicyInput): MicPlan {
  const on = new Set<number>();
  const lamps = new Map<number, MicLamp>();
  const dropped: number[] = [];
  const chair = new Set(i.chairSeats);
  if (i.chairOn) for (const s of i.chairSeats) on.add(s);
  let open = 0;
  if (i.floorSeat !== null && !i.floorMuted && !chair.has(i.floorSeat)) {
    on.add(i.floorSeat);
    open += 1;
  }
  for (const seat of i.pressed) {
    if (chair.has(seat)) continue;
    if (on.has(seat)) continue;
    if (i.mode === 'chair-controlled') {
      dropped.push(seat);
    } else if (open < i.maxOpen) {
      on.add(seat);
      open += 1;
    } else if (i.mode === 'fifo') {
      lamps.set(seat, 'waiting');
    } else {
      dropped.push(seat);
    }
  }
  for (const seat of i.requesting) if (!on.has(seat) && !lamps.has(seat)) lamps.set(seat, 'request');
  return { on, lamps, dropped };
}
