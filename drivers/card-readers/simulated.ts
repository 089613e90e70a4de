import { TypedEmitter, type CardCredential, type CardReaderDriver, type CardReaderEvents, type ReaderInfo } from './types';

/**
 * A card-reader driver without hardware, for demo mode and tests. It behaves like a physical
 * reader: a card stays present until removed, a card lying there does not repeat its event,
 * and a different card arriving first removes the one before.
 */
export class SimulatedCardReaderDriver extends TypedEmitter<CardReaderEvents> implements CardReaderDriver {
  readonly kind = 'simulated';
  private readonly state = new Map<string, { info: ReaderInfo; card: string | null }>();
  private running = false;

  constructor(readerIds: Iterable<string> = []) {
    super();
    for (const id of readerIds) this.state.set(id, { info: { id, name: `Simulated reader ${id}`, connected: true }, card: null });
  }

  start(): Promise<void> {
    this.running = true;
    for (const { info } of this.state.values()) this.emit('readerAttached', { ...info });
    return Promise.resolve();
  }

  stop(): Promise<void> {
    this.running = false;
    return Promise.resolve();
  }

  readers(): ReaderInfo[] {
    return [...this.state.values()].map((r) => ({ ...r.info }));
  }

  attach(readerId: string): void {
    const existing = this.state.get(readerId);
    const info = { id: readerId, name: existing?.info.name ?? `Simulated reader ${readerId}`, connected: true };
    this.state.set(readerId, { info, card: null });
    if (this.running) this.emit('readerAttached', { ...info });
  }

  detach(readerId: string): void {
    const r = this.state.get(readerId);
    if (!r || !r.info.connected) return;
    if (r.card !== null) this.remove(readerId);
    r.info.connected = false;
    if (this.running) this.emit('readerDetached', readerId);
  }

  /** Puts a card on a reader. Returns false if the reader is unknown, disconnected or stopped. */
  tap(readerId: string, uid: string, assurance: CardCredential['assurance'] = 'uid'): boolean {
    const r = this.state.get(readerId);
    if (!this.running || !r || !r.info.connected) return false;
    const normalized = uid.replace(/[\s:]/g, '').toUpperCase();
    if (r.card === normalized) return true;
    if (r.card !== null) this.remove(readerId);
    r.card = normalized;
    this.emit('cardPresent', readerId, { uid: normalized, assurance });
    return true;
  }

  remove(readerId: string): boolean {
    const r = this.state.get(readerId);
    if (!this.running || !r || r.card === null) return false;
    r.card = null;
    this.emit('cardRemoved', readerId);
    return true;
  }

  /** Sets a card as already lying on a reader, without an event (state restored after a restart). */
  preload(readerId: string, uid: string): void {
    const r = this.state.get(readerId);
    if (r) r.card = uid.toUpperCase();
  }

  cardOn(readerId: string): string | null {
    return this.state.get(readerId)?.card ?? null;
  }
}
