/**
 * The microphone seam: what conference hardware (Bosch DICENTIS, Shure MXCW, Televic … behind
 * their control protocols) must offer the server. A driver knows units, not seats or members:
 * a MicUnitSeatMap says which unit is at which seat, and the server decides who may talk.
 *
 * What a real driver must implement:
 * - `units()`: every delegate and chair unit it controls, with whether it is reachable now.
 * - `setMic(unit, on)`: open or close that unit's microphone. Idempotent; resolves once the
 *   hardware has accepted the change (or rejects; the server then reports the unit's real state).
 * - `setLamp(unit, lamp)`: the unit's request lamp: 'off', 'request' (a request to speak is
 *   queued) or 'waiting' (the talk button was pressed but no mic is free yet).
 * - `mics()`: the state the hardware reports, which may differ from what was asked (a unit the
 *   chair switched off at the central unit, a radio link lost).
 * - events: `button` when a unit's talk button is pressed or released, `unitChanged` when a
 *   unit's state changes by itself (reachable or not, mic switched at the hardware), `error`.
 * The driver enforces no discussion mode of its own: the server's controller decides which
 * mics are open (chair-controlled, FIFO, free; chair priority; maximum open mics) so that the
 * same rules hold on every brand. Hardware with a built-in limit reports it as `hardwareMaxOpen`;
 * the server never asks for more open mics than that.
 */

export type MicLamp = 'off' | 'request' | 'waiting';

export interface MicUnitState {
  unit: string;
  connected: boolean;
  on: boolean;
  lamp: MicLamp;
}

export interface MicrophoneEvents {
  /** The talk button of a unit went down (pressed) or up. */
  button: [unit: string, pressed: boolean];
  unitChanged: [state: MicUnitState];
  /** A driver fault; never thrown at the server. */
  error: [error: Error, unit: string | null];
}

export interface MicrophoneDriver {
  readonly kind: string;
  /** The most microphones the hardware can have open at once; Infinity when it has no limit. */
  readonly hardwareMaxOpen: number;
  start(): Promise<void>;
  stop(): Promise<void>;
  mics(): MicUnitState[];
  /** One unit's state, as mics() reports it (a seat's view asks for its own unit only). */
  mic(unit: string): MicUnitState | undefined;
  setMic(unit: string, on: boolean): Promise<void>;
  setLamp(unit: string, lamp: MicLamp): Promise<void>;
  on<E extends keyof MicrophoneEvents>(event: E, listener: (...args: MicrophoneEvents[E]) => void): () => void;
}
