import { TypedEmitter, type CardCredential, type CardReaderDriver, type CardReaderEvents, type ReaderInfo } from './types';

/** A reader at a seat unit, as its agent reports it: the whole state each time. */
export interface RemoteReaderState {
  reader: 'connected' | 'disconnected';
  card: CardCredential | null;
}

export function remoteReaderId(seatId: number): string {
  return `agent-seat-${seatId}`;
}

/**
 * Readers that live at seat units and report through their agents. Each report is the reader's
 * whole state; this driver turns differences into events, so a report repeated after a
 * reconnect is no new tap. An agent that goes away leaves its readers detached, cards kept, like
 * an unplugged reader.
 */
export class RemoteCardReaderDriver extends TypedEmitter<CardReaderEvents> implements CardReaderDriver {
  readonly kind = 'agent';
  private readonly state = new Map<number, { info: ReaderInfo; card: string | null; agentId: string }>();

  start(): Promise<void> {
    return Promise.resolve();
  }

  stop(): Promise<void> {
    return Promise.resolve();
  }

  readers(): ReaderInfo[] {
    return [...this.state.values()].map((r) => ({ ...r.info }));
  }

  /** Which agent reported a seat last. */
  agentOf(seatId: number): string | null {
    return this.state.get(seatId)?.agentId ?? null;
  }

  report(agentId: string, seatId: number, report: RemoteReaderState): void {
    const id = remoteReaderId(seatId);
    let r = this.state.get(seatId);
    if (!r) {
      r = { info: { id, name: `${agentId} / seat ${seatId}`, connected: false }, card: null, agentId };
      this.state.set(seatId, r);
    }
    r.agentId = agentId;
    r.info.name = `${agentId} / seat ${seatId}`;
    if (report.reader === 'connected' && !r.info.connected) {
      r.info.connected = true;
      this.emit('readerAttached', { ...r.info });
    }
    const uid = report.card?.uid ?? null;
    if (uid !== r.card) {
      if (r.card !== null) {
        r.card = null;
        this.emit('cardRemoved', id);
      }
      if (report.card && uid !== null) {
        r.card = uid;
        this.emit('cardPresent', id, { ...report.card });
      }
    }
    if (report.reader === 'disconnected' && r.info.connected) {
      r.info.connected = false;
      this.emit('readerDetached', id);
    }
  }

  /** The agent's connection ended: its readers are out of reach until it reports again. */
  agentGone(agentId: string, seatIds: readonly number[]): void {
    for (const seatId of seatIds) {
      const r = this.state.get(seatId);
      if (!r || r.agentId !== agentId || !r.info.connected) continue;
      r.info.connected = false;
      this.emit('readerDetached', r.info.id);
    }
  }
}
