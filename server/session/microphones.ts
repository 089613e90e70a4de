import type { MicLamp, MicrophoneDriver, MicUnitSeatMap } from '../../drivers/microphones';
import { DomainError, type CouncilState } from '../domain';
import { floorClock } from '../domain/rules/speaker-order';
import { changesOnlyBallots, structureVersion } from '../domain/view-cache';
import type { MicMode, MicsView } from '../protocol/conference';
import type { SeatMicView } from '../protocol/views';
import { planMics } from './mic-policy';
import type { SessionService } from './service';

export interface MicrophoneControlOptions {
  session: SessionService;
  driver: MicrophoneDriver;
  units: MicUnitSeatMap;
  mode: MicMode;
  maxOpen: number;
  clock?: () => Date;
  /** Seats whose microphone or lamp changed. */
  onChange: (seatIds: number[]) => void;
  onWarning?: (message: string, err?: unknown) => void;
}

/**
 * Drives the microphones from the session: who has the floor, who asked to speak, who pressed
 * a talk button. Mic state is not part of the legal record (it follows the record), so it is
 * kept here and in the hardware, not in the log.
 */
export class MicrophoneControl {
  private pressed: number[] = [];
  private chairOn = false;
  private timer: NodeJS.Timeout | null = null;
  private readonly unsubscribe: (() => void)[] = [];
  private readonly clock: () => Date;
  private closed = false;
  /**
   * Bumped whenever a unit may have changed: the driver reported it, a command to it settled, a
   * button or the chair changed the plan. The chair's overview of all units is rebuilt only when
   * this or the record's structure (seat labels, the chair's seat) changed, not ten times a
   * second while 1,000 seats vote.
   */
  private unitsVersion = 0;
  private cachedView: { state: CouncilState; units: number; structure: number; view: MicsView } | null = null;

  constructor(private readonly o: MicrophoneControlOptions) {
    this.clock = o.clock ?? (() => new Date());
    this.unsubscribe.push(
      // ballots move no microphone: a vote of 1,000 seats must not plan 1,000 units per ballot
      o.session.subscribe((stored) => {
        if (!stored.every((s) => changesOnlyBallots(s.event.type))) this.reconcile();
      }),
      o.driver.on('button', (unit, pressed) => this.onButton(unit, pressed)),
      o.driver.on('unitChanged', (u) => {
        this.unitsVersion += 1;
        const seat = o.units.seatOf(u.unit);
        if (seat !== undefined) o.onChange([seat]);
      }),
      o.driver.on('error', (err, unit) => this.warn(`microphone driver error${unit ? ` at ${unit}` : ''}`, err)),
    );
    this.reconcile();
  }

  get mode(): MicMode {
    return this.o.mode;
  }

  private get state(): CouncilState {
    return this.o.session.state;
  }

  /** The talk button of a seat (hardware or touchscreen). Returns the seat's mic afterwards. */
  press(seatId: number, on: boolean): SeatMicView {
    if (on) {
      if (!this.state.seatOccupant.has(seatId)) throw new DomainError('not-checked-in');
      if (this.o.mode === 'chair-controlled') throw new DomainError('mic-chair-controlled');
      if (!this.pressed.includes(seatId)) this.pressed.push(seatId);
    } else {
      this.pressed = this.pressed.filter((s) => s !== seatId);
    }
    this.reconcile();
    return this.seatMic(seatId) ?? { mode: this.o.mode, on: false, lamp: 'off' };
  }

  setChairMic(on: boolean): void {
    this.chairOn = on;
    this.reconcile();
  }

  seatMic(seatId: number): SeatMicView | null {
    const unit = this.o.units.unitOf(seatId);
    const u = unit === undefined ? undefined : this.o.driver.mic(unit);
    return u ? { mode: this.o.mode, on: u.on, lamp: u.lamp } : null;
  }

  /** Every unit with its seat, for the chair (the same object while nothing changed). */
  view(): MicsView {
    // the state itself too: after a failed write the service rebuilds it, and versions count anew
    const state = this.state;
    const structure = structureVersion(state);
    const hit = this.cachedView;
    if (hit && hit.state === state && hit.units === this.unitsVersion && hit.structure === structure) return hit.view;
    const view = this.buildView();
    this.cachedView = { state, units: this.unitsVersion, structure, view };
    return view;
  }

  private buildView(): MicsView {
    const units = this.o.driver.mics().flatMap((u) => {
      const seatId = this.o.units.seatOf(u.unit);
      if (seatId === undefined) return [];
      const seat = this.state.seats.get(seatId);
      return [{ seatId, on: u.on, lamp: u.lamp, label: seat?.label ?? String(seatId), chair: seat?.role === 'chair' }];
    });
    return { driver: this.o.driver.kind, mode: this.o.mode, maxOpen: this.o.maxOpen, units };
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const u of this.unsubscribe) u();
  }

  private onButton(unit: string, pressed: boolean): void {
    const seatId = this.o.units.seatOf(unit);
    if (seatId === undefined) return;
    if (this.o.mode !== 'chair-controlled') {
      try {
        this.press(seatId, pressed);
      } catch (err) {
        this.warn(`talk button at seat ${seatId} ignored`, err);
      }
      return;
    }
    // chair-controlled: the button is the request to speak; pressing again withdraws it
    if (!pressed) return;
    const memberId = this.state.seatOccupant.get(seatId);
    const itemId = this.state.currentItemId;
    const queued =
      memberId !== undefined && itemId !== null
        ? (this.state.speakers.lists.get(itemId)?.requests.some((r) => r.memberId === memberId && r.kind === 'ordinary') ?? false)
        : false;
    this.o.session
      .submit({ type: queued ? 'withdrawFloorRequest' : 'requestFloor', seatId, kind: 'ordinary' }, { kind: 'seat', seatId })
      .catch((err: unknown) => this.warn(`request button at seat ${seatId} refused`, err));
  }

  private reconcile(): void {
    if (this.closed) return;
    this.unitsVersion += 1;
    const s = this.state;
    const floor = s.speakers.floor;
    const floorSeat = floor ? (s.attendance.get(floor.memberId)?.seatId ?? null) : null;
    const clock = floor ? floorClock(floor, this.clock().toISOString()) : null;
    const mute = s.register?.profile.speakingTimeAtZero === 'mute';
    this.pressed = this.pressed.filter((seat) => s.seatOccupant.has(seat));
    const requesting = new Set<number>();
    const itemId = s.currentItemId;
    for (const r of itemId === null ? [] : (s.speakers.lists.get(itemId)?.requests ?? [])) {
      const seat = s.attendance.get(r.memberId)?.seatId;
      if (seat !== undefined) requesting.add(seat);
    }
    const chairSeats = [...s.seats.values()].filter((x) => x.role === 'chair').map((x) => x.id);
    const plan = planMics({
      mode: this.o.mode,
      maxOpen: Math.min(this.o.maxOpen, this.o.driver.hardwareMaxOpen),
      chairSeats,
      chairOn: this.chairOn,
      floorSeat,
      floorMuted: mute && (clock?.overTime ?? false),
      pressed: this.pressed,
      requesting,
    });
    this.pressed = this.pressed.filter((seat) => !plan.dropped.includes(seat));
    // close before open, so a hardware limit is never exceeded on the way
    const mics = this.o.driver.mics();
    for (const m of mics) {
      const seat = this.o.units.seatOf(m.unit);
      if (seat !== undefined && m.on && !plan.on.has(seat)) this.drive(this.o.driver.setMic(m.unit, false), m.unit);
    }
    for (const m of mics) {
      const seat = this.o.units.seatOf(m.unit);
      if (seat === undefined) continue;
      if (!m.on && plan.on.has(seat)) this.drive(this.o.driver.setMic(m.unit, true), m.unit);
      const lamp: MicLamp = plan.lamps.get(seat) ?? 'off';
      if (m.lamp !== lamp) this.drive(this.o.driver.setLamp(m.unit, lamp), m.unit);
    }
    this.schedule(mute && clock !== null && !clock.overTime ? clock.endsAt : null);
  }

  /** At the end of the speaking time the mic closes by itself (council setting "mute"). */
  private schedule(endsAt: string | null): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (endsAt === null) return;
    const wait = Math.max(0, Date.parse(endsAt) - this.clock().getTime()) + 20;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.reconcile();
    }, wait);
  }

  private drive(p: Promise<void>, unit: string): void {
    // whether the hardware followed or not, what it reports may have changed
    void p.then(
      () => {
        this.unitsVersion += 1;
      },
      (err: unknown) => {
        this.unitsVersion += 1;
        this.warn(`microphone ${unit} did not follow`, err);
      },
    );
  }

  private warn(message: string, err?: unknown): void {
    (this.o.onWarning ?? ((m: string, e?: unknown) => console.warn(m, e ?? '')))(message, err);
  }
}
