import { TypedEmitter } from '../card-readers/types';
import type { MicLamp, MicrophoneDriver, MicrophoneEvents, MicUnitState } from './types';

/**
 * Microphones without hardware, for demo mode and tests. It keeps each unit's state as a
 * central unit would, refuses to open more than its hardware limit, and lets tests press a
 * unit's talk button.
 */
export class SimulatedMicrophoneDriver extends TypedEmitter<MicrophoneEvents> implements MicrophoneDriver {
  readonly kind = 'simulated';
  private readonly units = new Map<string, MicUnitState>();

  constructor(
    unitIds: Iterable<string>,
    readonly hardwareMaxOpen: number = Number.POSITIVE_INFINITY,
  ) {
    super();
    for (const unit of unitIds) this.units.set(unit, { unit, connected: true, on: false, lamp: 'off' });
  }

  start(): Promise<void> {
    return Promise.resolve();
  }

  stop(): Promise<void> {
    for (const u of this.units.values()) {
      u.on = false;
      u.lamp = 'off';
    }
    return Promise.resolve();
  }

  mics(): MicUnitState[] {
    return [...this.units.values()].map((u) => ({ ...u }));
  }

  mic(unit: string): MicUnitState | undefined {
    const u = this.units.get(unit);
    return u ? { ...u } : undefined;
  }

  setMic(unit: string, on: boolean): Promise<void> {
    const u = this.units.get(unit);
    if (!u) return Promise.reject(new Error(`unknown microphone unit ${unit}`));
    if (on && !u.on && this.openCount() >= this.hardwareMaxOpen) {
      return Promise.reject(new Error(`hardware limit of ${this.hardwareMaxOpen} open microphones reached`));
    }
    if (u.on !== on) {
      u.on = on;
      this.emit('unitChanged', { ...u });
    }
    return Promise.resolve();
  }

  setLamp(unit: string, lamp: MicLamp): Promise<void> {
    const u = this.units.get(unit);
    if (!u) return Promise.reject(new Error(`unknown microphone unit ${unit}`));
    if (u.lamp !== lamp) {
      u.lamp = lamp;
      this.emit('unitChanged', { ...u });
    }
    return Promise.resolve();
  }

  /** A person presses (or releases) the talk button of a unit. */
  press(unit: string, pressed: boolean): void {
    if (!this.units.has(unit)) throw new Error(`unknown microphone unit ${unit}`);
    this.emit('button', unit, pressed);
  }

  private openCount(): number {
    let n = 0;
    for (const u of this.units.values()) if (u.on) n += 1;
    return n;
  }
}

/** Which microphone unit is at which seat. */
export class MicUnitSeatMap {
  private readonly seatByUnit = new Map<string, number>();
  private readonly unitBySeat = new Map<number, string>();

  constructor(entries: Iterable<[unit: string, seatId: number]>) {
    for (const [unit, seatId] of entries) {
      this.seatByUnit.set(unit, seatId);
      this.unitBySeat.set(seatId, unit);
    }
  }

  /** The simulated installation: unit "mic-<seat>" at every seat. */
  static simulated(seatIds: Iterable<number>): MicUnitSeatMap {
    return new MicUnitSeatMap([...seatIds].map((id) => [`mic-${id}`, id]));
  }

  seatOf(unit: string): number | undefined {
    return this.seatByUnit.get(unit);
  }

  unitOf(seatId: number): string | undefined {
    return this.unitBySeat.get(seatId);
  }

  units(): string[] {
    return [...this.seatByUnit.keys()];
  }
}
