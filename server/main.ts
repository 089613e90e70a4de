import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Server as IoServer } from 'socket.io';
import { ReaderSeatMap, RemoteCardReaderDriver, remoteReaderId, type CardReaderDriver } from '../drivers/card-readers';
import { formatReaderMap, parseReaderMap, ReaderMapError } from '../drivers/card-readers/reader-map-file';
import { MicUnitSeatMap, SimulatedMicrophoneDriver } from '../drivers/microphones';
import { configFromEnv, type Config } from './config';
import { DomainError } from './domain';
import { createApp } from './http/app';
import { createDualListener } from './http/listener';
import { exportInChildProcess } from './export/child';
import { exportRoutes } from './http/exports';
import { ExportTickets } from './security/export-tickets';
import { deviceRoutes, requireDevice } from './http/devices';
import { DeviceGate } from './realtime/device-gate';
import { bootstrapPairing } from './security/bootstrap';
import { DeviceRegistry } from './security/devices';
import { Register } from './protocol/register';
import type { DeviceRow } from './protocol/views';
import { createCardReaders, readReaderMapFile, watchMapFile } from './readers';
import { AgentGateway } from './realtime/agent';
import { Realtime } from './realtime/server';
import { ensureTls, localAddresses } from './security/tls';
import { cardAuthenticatorFor } from './security/card-key';
import { CardRotation } from './security/card-rotation';
import { toErrorPayload } from './realtime/server';
import { CardEnrolment } from './session/card-enrolment';
import { ReaderCardSetup } from './session/card-setup';
import { CardLogin } from './session/card-login';
import { MicrophoneControl } from './session/microphones';
import { SessionService } from './session/service';
import { EventStore } from './store/event-store';
import { chooseCommitMode, probeFsync, type CommitMode } from './store/commit-mode';
import { ThreadedEventStore } from './store/threaded-store';
import { allocationProfiler } from './diagnostics/alloc-profile';
import { startMemoryTrace } from './diagnostics/memory-trace';
import { runsAsProgram } from './entry';

export const VERSION = '0.1.0';

export interface RunningServer {
  port: number;
  session: SessionService;
  driver: CardReaderDriver;
  /** The simulated microphone system; null with RATSSAAL_MICS=none. */
  micDriver: SimulatedMicrophoneDriver | null;
  caFingerprint: string;
  /** Pairing codes made at start because no chair or clerk device was enrolled (to print). */
  bootstrap: string[];
  /** Where the event log commits, and why. */
  commitMode: CommitMode;
  close(): Promise<void>;
}

function loadSeed(file: string): Register {
  const raw: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const parsed = Register.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues.slice(0, 5).map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`seed file ${file} is not a valid register:\n${first}`);
  }
  return parsed.data;
}

/** The composition root: config -> store -> session service -> drivers -> http + realtime. */
export async function startServer(config: Config): Promise<RunningServer> {
  mkdirSync(config.dataDir, { recursive: true });
  const tls = ensureTls(config.dataDir, { hostnames: config.hostnames });
  // commits run on the main thread (the fewest thread hops per ballot), or on a writer thread
  // that keeps the event loop serving during each fsync: on slow storage, or when configured
  const dbFile = join(config.dataDir, 'ratssaal.db');
  const commitMode = chooseCommitMode(config.commitThread, () => probeFsync(config.dataDir));
  let store: EventStore | ThreadedEventStore = commitMode.thread ? await ThreadedEventStore.open(dbFile) : EventStore.open(dbFile);
  const session = new SessionService(store);
  if (config.commitThread === 'auto' && !commitMode.thread) {
    // the disk was fast at start and became slow: the writer thread keeps the event loop serving
    // every connection while each slow fsync runs, instead of stopping it for as long
    const stop = session.subscribeStorageHealth((slow) => {
      if (!slow) return;
      stop();
      console.error('event log: the disk is slow; commits move to the writer thread / Datenträger langsam: das Protokoll wird ab jetzt im Schreib-Thread geschrieben');
      session
        .replaceLog(
          () => ThreadedEventStore.open(dbFile),
          (next) => (store = next),
        )
        .then(() => {
          commitMode.thread = true;
          commitMode.reason = `Datenträger langsam seit ${slow.since} / disk slow since ${slow.since}`;
          console.error('event log: commits now run on the writer thread');
        })
        .catch((err: unknown) => console.error(`event log: the writer thread could not be started, commits stay on the main thread (${err instanceof Error ? err.message : String(err)})`));
    });
  }
  if (!session.state.register) {
    await session.submit({ type: 'loadRegister', register: loadSeed(config.seedFile) }, { kind: 'system' });
    console.log(`Register geladen / register loaded: ${config.seedFile}`);
  }
  let cardAuth: ReturnType<typeof cardAuthenticatorFor>;
  // during a key rotation: the cards still on the previous key, for the clerk
  const rotation = new CardRotation(() => cardAuth?.rotating ?? false);
  try {
    cardAuth = cardAuthenticatorFor(
      config.cardKeyFile ?? join(config.dataDir, 'keys', 'card-master.key'),
      session.state.register?.profile.cardAuthentication ?? 'uid',
      (line) => console.warn(line),
    );
  } catch (err) {
    session.close();
    await session.idle();
    await store.close();
    throw err;
  }
  const seatIds = [...session.state.seats.keys()];
  const remote = new RemoteCardReaderDriver();
  // seat agents run the challenge themselves (the server's own readers log such a card as they prove it)
  remote.on('cardPresent', (readerId, card) => {
    if (card.previousKey) console.warn(`Karte ${card.uid} an ${readerId} trägt noch den vorigen Schlüssel (Platzgerät) / card ${card.uid} at ${readerId} still carries the previous key (seat agent)`);
  });
  const cardReaders = await createCardReaders(config, seatIds, (line) => console.log(line), [remote], cardAuth);
  const { driver, simulated } = cardReaders;
  // every card that proved its key, at any reader, keeps the rotation list: on the previous key, or off it
  driver.on('cardPresent', (_readerId, card) => {
    if (card.assurance === 'challenge-response' && rotation.seen(card.uid, card.previousKey === true, new Date())) realtime?.clerkChanged();
  });
  // which reader is which seat: the map file first, then seat agents' readers, then the demo panel's
  let fileMap = cardReaders.fileMap;
  const agentSeats = new Set<number>();
  const composeMap = () =>
    fileMap.withFallback(new ReaderSeatMap(new Map([...agentSeats].map((s) => [remoteReaderId(s), s])))).withFallback(cardReaders.fallback);
  const readers = composeMap();
  // after a restart the cards of checked-in members still lie on their readers
  for (const a of session.state.attendance.values()) {
    const reader = readers.readerOf(a.seatId);
    if (reader === null || a.cardUid === null) continue;
    simulated?.preload(reader, a.cardUid);
    cardReaders.pcsc?.preload(reader, a.cardUid);
  }

  const devices = DeviceRegistry.open(join(config.dataDir, 'devices.db'), { pairingTtlMs: config.pairingTtlMs });
  const exportTickets = new ExportTickets(config.exportTicketTtlMs === undefined ? {} : { ttlMs: config.exportTicketTtlMs });
  let port = config.port;
  const origin = () => {
    const lan = localAddresses().ipAddresses.find((a) => /^\d+\.\d+\.\d+\.\d+$/.test(a) && a !== '127.0.0.1');
    return `https://${config.hostnames[0] ?? lan ?? 'localhost'}:${port}`;
  };

  const startedAt = Date.now();
  const app = createApp({
    uiDir: config.uiDir,
    caCertPem: tls.ca,
    caFingerprint: tls.caFingerprint,
    health: () => ({
      version: VERSION,
      uptimeS: Math.round((Date.now() - startedAt) / 1000),
      events: session.state.seq,
      session: session.state.register?.session.title ?? null,
      demo: config.demo,
      readers: driver.kind,
    }),
    exports: exportRoutes({
      listing: () => {
        const plan = session.state.register?.session;
        return plan ? { session: { id: plan.id, title: plan.title, date: plan.date }, log: { events: store.seq, finalHash: store.hash } } : null;
      },
      render: (format, o) => exportInChildProcess(store.path, format, o),
      tickets: exportTickets,
    }),
    devices: {
      routes: deviceRoutes({
        registry: devices,
        staffUnlock: config.staffUnlock,
        onChange: () => realtime?.clerkChanged(),
        revoke: (deviceId, reason, by) => gate.revoke(deviceId, reason, by),
      }),
      staffOnly: requireDevice(devices, ['chair', 'clerk']),
    },
  });
  const https: HttpsServer = createServer({ key: tls.key, cert: tls.cert }, app);
  const io = new IoServer(https, { serveClient: false, maxHttpBufferSize: 64 * 1024, pingInterval: 10_000, pingTimeout: 8_000 });

  let cardLogin: CardLogin | null = null;
  let realtime: Realtime | null = null;
  const gate = new DeviceGate({
    registry: devices,
    staffUnlock: config.staffUnlock,
    onChange: () => realtime?.clerkChanged(),
    seatExists: (seatId) => session.state.seats.has(seatId),
    fallbackOrigin: origin,
    onRevoke: (deviceId) => exportTickets.forgetDevice(deviceId),
  });
  // first on every namespace: nothing behind it sees a device that is not enrolled for that role
  gate.attach(io);
  const enrolment = new CardEnrolment({
    session,
    // new cards are set up at the server's own readers while the clerk registers them
    setup: cardAuth
      ? new ReaderCardSetup(driver, cardAuth, (uid) => {
          if (rotation.seen(uid, false, new Date())) realtime?.clerkChanged();
        })
      : null,
    ...(config.cardModeTimeoutMs === undefined ? {} : { timeoutMs: config.cardModeTimeoutMs }),
    onChange: () => realtime?.clerkChanged(),
    describeError: (err) => toErrorPayload(err).message,
  });
  const micUnits = MicUnitSeatMap.simulated(seatIds);
  const micDriver = config.mics === 'simulated' ? new SimulatedMicrophoneDriver(micUnits.units()) : null;
  await micDriver?.start();
  const mics = micDriver
    ? new MicrophoneControl({
        session,
        driver: micDriver,
        units: micUnits,
        mode: config.micMode,
        maxOpen: config.micMaxOpen,
        onChange: (seatIds) => realtime?.micsChanged(seatIds),
      })
    : null;
  let reloadReaderMap = (): number => 0;
  let saveReaderMap = (_rows: readonly { reader: string; seat: number }[]): number => 0;
  // real and seat-agent readers, mapped or not, and mapped readers that are missing; the demo
  // panel's simulated readers (one per seat) are left out without being listed: this runs on
  // every push of the chair's view
  const deviceRows = (): DeviceRow[] => {
    const agentIds = new Set(remote.readers().map((r) => r.id));
    const present = new Map(cardReaders.hardware.flatMap((d) => d.readers()).map((r) => [r.id, r]));
    const map = cardLogin?.map ?? readers;
    const ids = new Set<string>();
    map.forEachReader((id) => {
      if (simulated?.has(id) !== true) ids.add(id);
    });
    for (const id of present.keys()) ids.add(id);
    return [...ids].map((id) => {
      const seatId = map.seatOf(id);
      return {
        reader: id,
        kind: agentIds.has(id) || id.startsWith('agent-seat-') ? 'agent' : 'pcsc',
        connected: present.get(id)?.connected === true,
        seatId,
        seatLabel: seatId === null ? null : (session.state.seats.get(seatId)?.label ?? null),
      };
    });
  };
  realtime = new Realtime(io, {
    enrolment,
    session,
    demo: config.demo ? simulated : null,
    readerStatus: (seatId) => cardLogin?.readerStatus(seatId) ?? 'none',
    newVoteId: () => `v-${randomUUID()}`,
    mics,
    keyboardWedge: config.keyboardWedge,
    cardKeyLoaded: cardAuth !== null,
    devices: () => deviceRows(),
    reloadReaderMap: () => reloadReaderMap(),
    saveReaderMap: (rows) => saveReaderMap(rows),
    devicesView: () => gate.view(),
    cardRotation: () => rotation.view(),
    exportTickets,
    deviceHandlers: gate.handlers(),
  });
  cardLogin = new CardLogin({
    session,
    driver,
    readers,
    enrolment,
    onRefused: (seatId, err) => realtime?.notifySeat(seatId, err),
    onReaderStatus: (seatId) => realtime?.seatChanged(seatId),
    onWarning: (message, err) => console.warn(message, err ?? ''),
  });
  await driver.start();
  // the map file is re-read when it changes; an invalid file keeps the map in force and says why
  const reloadReaders = (): number => {
    fileMap = readReaderMapFile(cardReaders.mapFile, new Set(seatIds));
    cardLogin?.setReaders(composeMap());
    console.log(`Kartenleser-Zuordnung geladen / reader map loaded: ${cardReaders.mapFile}`);
    return fileMap.entries().length;
  };
  reloadReaderMap = () => {
    try {
      return reloadReaders();
    } catch (err) {
      if (!(err instanceof ReaderMapError)) throw err;
      throw new DomainError('reader-map-invalid', { detail: err.message, detailDe: err.german });
    }
  };
  saveReaderMap = (rows) => {
    const text = formatReaderMap(rows.map((r) => [r.reader, r.seat]));
    try {
      parseReaderMap(text, new Set(seatIds), { de: 'Die bearbeitete Zuordnung', en: 'The edited map' });
    } catch (err) {
      if (!(err instanceof ReaderMapError)) throw err;
      throw new DomainError('reader-map-invalid', { detail: err.message, detailDe: err.german });
    }
    // write beside it and rename: the file is never half written
    const tmp = `${cardReaders.mapFile}.tmp`;
    writeFileSync(tmp, text);
    renameSync(tmp, cardReaders.mapFile);
    return reloadReaderMap();
  };
  const mapWatcher = watchMapFile(config.dataDir, () => {
    try {
      reloadReaders();
    } catch (err) {
      if (!(err instanceof ReaderMapError)) throw err;
      console.warn(`${err.german}\n${err.message}\nDie bisherige Zuordnung bleibt in Kraft / the previous reader map stays in force`);
    }
    realtime.devicesChanged();
  });
  driver.on('readerAttached', () => realtime.devicesChanged());
  driver.on('readerDetached', () => realtime.devicesChanged());
  const agents = new AgentGateway(io, {
    state: () => session.state,
    remote,
    onSeatsDeclared: (seats) => {
      const before = agentSeats.size;
      for (const s of seats) agentSeats.add(s);
      if (agentSeats.size !== before) cardLogin?.setReaders(composeMap());
    },
  });

  const listener = createDualListener(https, () => port);
  await new Promise<void>((resolve, reject) => {
    listener.once('error', reject);
    listener.listen(config.port, config.host, () => resolve());
  });
  port = (listener.address() as AddressInfo).port;
  const bootstrap = bootstrapPairing(devices, origin());

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      mapWatcher.close();
      await driver.stop();
      cardLogin?.close();
      enrolment.close();
      mics?.close();
      await micDriver?.stop();
      agents.close();
      realtime?.close();
      gate.close();
      session.close();
      await session.idle();
      await new Promise<void>((resolve) => {
        listener.close();
        void io.close(() => resolve());
        // browsers keep HTTPS connections open (keep-alive, long-polling): close() alone would
        // wait for them; nothing is lost by cutting them, every acknowledged change is on disk
        https.closeIdleConnections();
        setTimeout(() => https.closeAllConnections(), 1_000).unref();
      });
      await store.close();
      devices.close();
    })();
    return closing;
  };
  return { port, session, driver, micDriver, caFingerprint: tls.caFingerprint, bootstrap, commitMode, close };
}

function banner(config: Config, server: RunningServer): string {
  const state = server.session.state;
  const { ipAddresses } = localAddresses();
  const lan = ipAddresses.find((a) => /^\d+\.\d+\.\d+\.\d+$/.test(a) && a !== '127.0.0.1');
  const base = (host: string) => `https://${host}:${server.port}`;
  const seats = [...state.seats.keys()];
  const urls = (host: string) => [
    `  Sitzungsleitung / chair console:  ${base(host)}/chair`,
    `  Saalanzeige / public display:     ${base(host)}/display`,
    `  Schriftführung / clerk:           ${base(host)}/clerk`,
    `  Livestream-Overlay / overlay:     ${base(host)}/display/overlay`,
    `  Plätze / seats:                   ${base(host)}/seat/${seats[0] ?? 1} … /seat/${seats.at(-1) ?? 1}`,
  ];
  return [
    `Ratssaal ${VERSION} — ${state.register?.body.name ?? ''}`,
    `  ${state.register?.session.title ?? ''}`,
    ...urls('localhost'),
    ...(lan ? [`  Im Netz / on the network:         ${base(lan)}/chair`] : []),
    `  CA-Zertifikat / CA certificate:   ${base('localhost')}/ca.crt`,
    `  CA SHA-256: ${server.caFingerprint}`,
    `  Daten / data: ${config.dataDir}${config.demo ? '   (Demo-Betrieb / demo mode: simulated card readers)' : ''}`,
    `  Protokoll / event log: ${server.commitMode.thread ? 'Schreib-Thread / writer thread' : 'Hauptthread / main thread'} (${server.commitMode.reason})`,
    `Ratssaal listening on port ${server.port}`,
  ].join('\n');
}

async function main(): Promise<void> {
  const config = configFromEnv();
  startMemoryTrace();
  const server = await startServer(config);
  const profiler = allocationProfiler();
  if (profiler) server.session.subscribe(profiler);
  // one write, pairing codes before the last line: whoever waits for "listening" has them too
  const lines = banner(config, server).split('\n');
  lines.splice(lines.length - 1, 0, ...server.bootstrap);
  console.log(lines.join('\n'));
  const stop = (signal: string) => {
    console.log(`${signal}: shutting down; everything recorded is on disk`);
    // a shutdown that hangs must not keep the port: the log is written synchronously before
    // every acknowledgement, so leaving hard is safe
    setTimeout(() => {
      console.error('shutdown took too long; exiting');
      process.exit(1);
    }, 10_000).unref();
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

if (runsAsProgram(import.meta.url, 'server')) {
  main().catch((err: unknown) => {
    // a reader map says what is wrong with it in German too
    const german = err instanceof ReaderMapError ? `${err.german}\n` : '';
    console.error(`Ratssaal konnte nicht starten / could not start:\n${german}${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
