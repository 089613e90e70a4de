import { watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import {
  CompositeCardReaderDriver,
  PcscCardReaderDriver,
  ReaderSeatMap,
  SimulatedCardReaderDriver,
  type CardReaderDriver,
} from '../drivers/card-readers';
import { pcscdAnswers, PcscUnavailableError, loadNfcPcsc } from '../drivers/card-readers/nfc-pcsc';
import type { CardAuthenticator } from '../drivers/card-readers/card-auth';
import { READER_MAP_FILE, readReaderMapFile } from '../drivers/card-readers/reader-map-file';
export { readReaderMapFile };
import type { Config } from './config';

export interface CardReaders {
  /** All drivers as one. */
  driver: CardReaderDriver;
  /** The drivers of readers at seats (PC/SC, seat agents): all but the demo panel's. */
  hardware: readonly CardReaderDriver[];
  /** The simulated readers behind the demo panel; null when neither demo nor simulated mode. */
  simulated: SimulatedCardReaderDriver | null;
  pcsc: PcscCardReaderDriver | null;
  /** The map file's readers (empty when there is no file). */
  fileMap: ReaderSeatMap;
  /** What the map file falls back to: the simulated readers, or nothing. */
  fallback: ReaderSeatMap;
  mapFile: string;
}

/**
 * Picks the card-reader drivers from the configuration. "auto" uses PC/SC when the native module
 * loads and pcscd answers; the demo panel's simulated readers are there whenever demo mode is on.
 * Throws PcscUnavailableError when "pcsc" was asked for and cannot work.
 */
export async function createCardReaders(
  config: Config,
  seatIds: readonly number[],
  log: (line: string) => void,
  extra: readonly CardReaderDriver[] = [],
  authenticator: CardAuthenticator | null = null,
): Promise<CardReaders> {
  let pcsc: PcscCardReaderDriver | null = null;
  if (config.readers === 'pcsc') {
    pcsc = new PcscCardReaderDriver({ factory: await loadNfcPcsc(), authenticator });
  } else if (config.readers === 'auto') {
    try {
      const factory = await loadNfcPcsc();
      if (await pcscdAnswers()) pcsc = new PcscCardReaderDriver({ factory, authenticator });
      else log('Kartenleser: pcscd antwortet nicht, keine PC/SC-Leser / card readers: pcscd does not answer, no PC/SC readers');
    } catch (err) {
      if (!(err instanceof PcscUnavailableError)) throw err;
      log(`Kartenleser: kein PC/SC / card readers: no PC/SC (${err.message})`);
    }
  }
  const simMap = ReaderSeatMap.simulated(seatIds);
  const simulated = config.readers === 'simulated' || config.demo ? new SimulatedCardReaderDriver(simMap.entries().map(([reader]) => reader), { authenticator }) : null;
  const mapFile = join(config.dataDir, READER_MAP_FILE);
  const fallback = simulated ? simMap : new ReaderSeatMap();
  const fileMap = readReaderMapFile(mapFile, new Set(seatIds));
  const hardware: CardReaderDriver[] = [...(pcsc ? [pcsc] : []), ...extra];
  return { driver: new CompositeCardReaderDriver([...hardware, ...(simulated ? [simulated] : [])]), hardware, simulated, pcsc, fileMap, fallback, mapFile };
}

/** Calls back (debounced) when the map file in the data folder is created, changed or removed. */
export function watchMapFile(dataDir: string, onChange: () => void): FSWatcher {
  let timer: NodeJS.Timeout | null = null;
  const watcher = watch(dataDir, (_type, name) => {
    if (name !== READER_MAP_FILE) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(onChange, 200);
  });
  watcher.on('error', () => undefined);
  watcher.on('close', () => {
    if (timer) clearTimeout(timer);
  });
  return watcher;
}
