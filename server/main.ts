import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Server as IoServer } from 'socket.io';
import { ReaderSeatMap, SimulatedCardReaderDriver } from '../drivers/card-readers';
import { configFromEnv, type Config } from './config';
import { createApp } from './http/app';
import { exportInChildProcess } from './export/child';
import { exportRoutes } from './http/exports';
import { Register } from './protocol/register';
import { Realtime } from './realtime/server';
import { ensureTls, localAddresses } from './security/tls';
import { CardLogin } from './session/card-login';
import { SessionService } from './session/service';
import { EventStore } from './store/event-store';

export const VERSION = '0.1.0';

export interface RunningServer {
  port: number;
  session: SessionService;
  driver: SimulatedCardReaderDriver;
  caFingerprint: string;
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
  const store = EventStore.open(join(config.dataDir, 'ratssaal.db'));
  const session = new SessionService(store);
  if (!session.state.register) {
    await session.submit({ type: 'loadRegister', register: loadSeed(config.seedFile) }, { kind: 'system' });
    console.log(`Register geladen / register loaded: ${config.seedFile}`);
  }
  const seatIds = [...session.state.seats.keys()];
  const readers = ReaderSeatMap.simulated(seatIds);
  const driver = new SimulatedCardReaderDriver(readers.entries().map(([reader]) => reader));
  // after a restart the cards of checked-in members still lie on their readers
  for (const a of session.state.attendance.values()) {
    const reader = readers.readerOf(a.seatId);
    if (reader && a.cardUid) driver.preload(reader, a.cardUid);
  }

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
    }),
  });
  const https: HttpsServer = createServer({ key: tls.key, cert: tls.cert }, app);
  const io = new IoServer(https, { serveClient: false, maxHttpBufferSize: 64 * 1024, pingInterval: 10_000, pingTimeout: 8_000 });

  let cardLogin: CardLogin | null = null;
  const realtime = new Realtime(io, {
    session,
    demo: config.demo ? driver : null,
    readerStatus: (seatId) => cardLogin?.readerStatus(seatId) ?? 'none',
    newVoteId: () => `v-${randomUUID()}`,
  });
  cardLogin = new CardLogin({
    session,
    driver,
    readers,
    onRefused: (seatId, err) => realtime.notifySeat(seatId, err),
    onReaderStatus: (seatId) => realtime.seatChanged(seatId),
    onWarning: (message, err) => console.warn(message, err ?? ''),
  });
  await driver.start();

  await new Promise<void>((resolve, reject) => {
    https.once('error', reject);
    https.listen(config.port, config.host, () => resolve());
  });
  const port = (https.address() as AddressInfo).port;

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      await driver.stop();
      cardLogin?.close();
      realtime.close();
      session.close();
      await new Promise<void>((resolve) => {
        void io.close(() => resolve());
      });
      store.close();
    })();
    return closing;
  };
  return { port, session, driver, caFingerprint: tls.caFingerprint, close };
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
    `Ratssaal listening on port ${server.port}`,
  ].join('\n');
}

async function main(): Promise<void> {
  const config = configFromEnv();
  const server = await startServer(config);
  console.log(banner(config, server));
  const stop = (signal: string) => {
    console.log(`${signal}: shutting down; everything recorded is on disk`);
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

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((err: unknown) => {
    console.error(`Ratssaal could not start: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
