import type { ApduTransport } from './card-auth';
import { TypedEmitter, type CardReaderDriver, type CardReaderEvents, type CardWork, type ReaderInfo } from './types';

/** Several drivers as one (real readers plus the demo panel's simulated ones). Reader ids must differ. */
export class CompositeCardReaderDriver extends TypedEmitter<CardReaderEvents> implements CardReaderDriver {
  readonly kind: string;

  constructor(private readonly drivers: readonly CardReaderDriver[]) {
    super();
    this.kind = drivers.map((d) => d.kind).join('+');
    const names: (keyof CardReaderEvents)[] = ['readerAttached', 'readerDetached', 'cardPresent', 'cardRemoved', 'error'];
    for (const d of drivers) {
      for (const name of names) d.on(name, (...args) => this.emit(name, ...args));
    }
  }

  async start(): Promise<void> {
    for (const d of this.drivers) await d.start();
  }

  async stop(): Promise<void> {
    for (const d of this.drivers) await d.stop();
  }

  readers(): ReaderInfo[] {
    return this.drivers.flatMap((d) => d.readers());
  }

  /** The work goes to the driver that has this reader; 'unsupported' when that driver cannot reach cards. */
  withCard<T>(readerId: string, uid: string, work: (apdu: ApduTransport) => Promise<T>): Promise<CardWork<T>> {
    const driver = this.drivers.find((d) => d.readers().some((r) => r.id === readerId));
    if (!driver?.withCard) return Promise.resolve({ kind: 'unsupported' });
    return driver.withCard(readerId, uid, work);
  }
}
