import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { RoleClient, type ClientOptions } from '../../server/protocol/client';
import type { Role, ViewOf } from '../../server/protocol/commands';
import type { DeviceRole, PairingTarget } from '../../server/protocol/devices';
import { DeviceRegistry } from '../../server/security/devices';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');

/** The PIN of every chair and clerk device a test enrols (the PIN screen's page objects type it). */
export const TEST_PIN = '246810';

/** What a client needs to be let in: the server's address and CA, and its device credentials. */
export interface TestServer {
  url: string;
  ca: string;
  /** The credential of an enrolled device for this role (and seat); enrolled on first use. */
  credentialFor?(role: DeviceRole, seatId?: number): string | undefined;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `ratssaal-${prefix}-`));
}

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}

export interface ServerProcessOptions {
  dataDir: string;
  seedFile?: string;
  port?: number;
  env?: Record<string, string>;
  /**
   * Run the server in a private mount namespace with its data folder on a tmpfs of this size
   * (e.g. '4m'), to fill or break the disk under it. Needs root; the folder is then seen
   * through /proc/<pid>/root (see dataPath).
   */
  tmpfsDataSize?: string;
  /**
   * The script to run instead of server/main.ts through tsx: a production bundle's main.mjs
   * (run by plain node), or another TypeScript script (e.g. a baseline server of the load bench).
   */
  entry?: string;
  /** Options for node itself, before the script (e.g. --cpu-prof, or a V8 flag for an experiment). */
  nodeArgs?: string[];
}

/** The real server in its own process, as an operator starts it: for restarts and crashes. */
export class ServerProcess {
  private child: ChildProcess | null = null;
  private output = '';
  private registry: DeviceRegistry | null = null;
  private readonly credentials = new Map<string, string>();
  port = 0;

  private constructor(private readonly o: ServerProcessOptions) {}

  private static readonly started = new Map<string, ServerProcess>();

  static async start(o: ServerProcessOptions): Promise<ServerProcess> {
    const p = new ServerProcess(o);
    p.port = o.port ?? (await freePort());
    await p.spawn();
    ServerProcess.started.set(p.url, p);
    return p;
  }

  /** The server started at this address (page objects find the device to enrol a browser as). */
  static at(url: string): ServerProcess | undefined {
    return ServerProcess.started.get(url.replace(/\/$/, ''));
  }

  get url(): string {
    return `https://127.0.0.1:${this.port}`;
  }

  get ca(): string {
    return readFileSync(this.dataPath('tls', 'ca.crt'), 'utf8');
  }

  /** A path in the data folder as the server process sees it. */
  dataPath(...parts: string[]): string {
    const dir = join(this.o.dataDir, ...parts);
    if (!this.o.tmpfsDataSize) return dir;
    if (this.pid === undefined) throw new Error('the server is not running');
    return `/proc/${this.pid}/root${dir}`;
  }

  get log(): string {
    return this.output;
  }

  /** The server's device registry, opened beside the server (the file is shared, like the pairing CLI's). */
  devices(): DeviceRegistry {
    if (this.o.tmpfsDataSize) throw new Error('the registry of a server on its own tmpfs is reached only through enrol()');
    this.registry ??= DeviceRegistry.open(this.dataPath('devices.db'));
    return this.registry;
  }

  /** Enrols a device as if it had redeemed a pairing code: its credential (and id). */
  enrol(target: PairingTarget, o: { pin?: string; label?: string } = {}): { id: string; token: string } {
    return this.enrolMany([target], o)[0]!;
  }

  /** Enrols many devices in one transaction (a room of 1,000 seats). */
  enrolMany(targets: readonly PairingTarget[], o: { pin?: string; label?: string } = {}): { id: string; token: string }[] {
    const staff = (t: PairingTarget) => t.role === 'chair' || t.role === 'clerk';
    const entries = targets.map((target) => ({ target, label: o.label ?? `Test ${target.role}`, ...(staff(target) ? { pin: o.pin ?? TEST_PIN } : {}) }));
    if (this.o.tmpfsDataSize) {
      // the data folder is in the server's mount namespace: enrol from inside it
      if (this.pid === undefined) throw new Error('the server is not running');
      const script = join(REPO_ROOT, 'tests', 'helpers', 'enrol-devices.ts');
      const out = execFileSync('nsenter', ['-t', String(this.pid), '-m', `--wd=${REPO_ROOT}`, process.execPath, '--import', 'tsx', script, join(this.o.dataDir, 'devices.db')], {
        cwd: REPO_ROOT,
        input: JSON.stringify(entries),
        encoding: 'utf8',
      });
      return JSON.parse(out) as { id: string; token: string }[];
    }
    const made = this.devices().enrolDirectly(entries, 'test');
    return made.map((m) => ({ id: m.device.id, token: m.token }));
  }

  /**
   * One enrolled device per role (and seat), kept for the life of the data folder: a chair or
   * clerk device with TEST_PIN, an agent device for seats 1–64.
   */
  credentialFor(role: DeviceRole, seatId?: number): string | undefined {
    if (role === 'seat' && seatId === undefined) return undefined;
    const key = role === 'seat' ? `seat:${seatId}` : role;
    let token = this.credentials.get(key);
    if (token === undefined) {
      const target: PairingTarget =
        role === 'seat' ? { role, seatId: seatId! } : role === 'agent' ? { role, seats: Array.from({ length: 64 }, (_, i) => i + 1) } : { role };
      token = this.enrol(target).token;
      this.credentials.set(key, token);
    }
    return token;
  }

  /** Enrols every seat of 1..n at once (fast for 1,000), so credentialFor finds them. */
  enrolSeats(seatIds: readonly number[]): void {
    const missing = seatIds.filter((id) => !this.credentials.has(`seat:${id}`));
    if (missing.length === 0) return;
    const made = this.enrolMany(missing.map((seatId) => ({ role: 'seat' as const, seatId })));
    missing.forEach((id, i) => this.credentials.set(`seat:${id}`, made[i]!.token));
  }

  /** The process id while it runs (for reading its CPU time and memory from /proc). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  private async spawn(): Promise<void> {
    this.output = '';
    if (this.o.tmpfsDataSize) {
      // a fresh tmpfs each start: a new, empty device registry
      this.registry?.close();
      this.registry = null;
      this.credentials.clear();
    }
    const entry = this.o.entry ?? 'server/main.ts';
    // a production bundle (scripts/build-server.ts) runs as npm start runs it; sources through tsx
    const nodeArgs = this.o.nodeArgs ?? [];
    const node = entry.endsWith('.mjs') ? [process.execPath, '--enable-source-maps', ...nodeArgs, entry] : [process.execPath, ...nodeArgs, '--import', 'tsx', entry];
    if (this.o.tmpfsDataSize) {
      if (process.getuid?.() !== 0) throw new Error('a server on its own tmpfs needs root (unshare, mount)');
      mkdirSync(this.o.dataDir, { recursive: true });
    }
    const argv = this.o.tmpfsDataSize
      ? [
          'unshare', '-m', '--propagation', 'private', '--',
          'sh', '-c', `mount -t tmpfs -o size=${this.o.tmpfsDataSize} tmpfs "$RATSSAAL_DATA" && exec "$@"`, 'sh',
          ...node,
        ]
      : node;
    const child = spawn(argv[0]!, argv.slice(1), {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        RATSSAAL_PORT: String(this.port),
        RATSSAAL_HOST: '127.0.0.1',
        RATSSAAL_DATA: this.o.dataDir,
        ...(this.o.seedFile ? { RATSSAAL_SEED: this.o.seedFile } : {}),
        ...this.o.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const collect = (chunk: Buffer) => {
      this.output += chunk.toString();
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    await new Promise<void>((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`server did not start in time:\n${this.output}`)), 60_000);
      const check = () => {
        if (/listening on port \d+/.test(this.output)) {
          clearTimeout(timer);
          child.stdout?.off('data', check);
          res();
        }
      };
      child.stdout?.on('data', check);
      child.once('exit', (code) => {
        clearTimeout(timer);
        rej(new Error(`server exited with ${code}:\n${this.output}`));
      });
    });
  }

  /** A real crash: SIGKILL, no shutdown code runs. */
  async kill(): Promise<void> {
    await this.signal('SIGKILL');
  }

  async stop(): Promise<void> {
    await this.signal('SIGTERM');
  }

  async restart(): Promise<void> {
    await this.spawn();
  }

  private async signal(sig: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((res) => {
      child.once('exit', () => res());
      child.kill(sig);
    });
    this.child = null;
  }
}

export interface RecordingOptions extends Omit<ClientOptions, 'device'> {
  /** A credential to show instead of the server's test device for this role; null: none (an unenrolled device). */
  device?: string | null;
}

/** The credential and PIN a test client shows: the server's enrolled test device, unless told otherwise. */
function credentials(role: Role, server: TestServer, options: RecordingOptions): ClientOptions {
  const { device, ...rest } = options;
  if (device === null) return rest;
  const token = device ?? server.credentialFor?.(role, options.seatId);
  const staff = role === 'chair' || role === 'clerk';
  return { ...rest, ...(token === undefined ? {} : { device: token }), ...(staff && token !== undefined && rest.pin === undefined ? { pin: TEST_PIN } : {}) };
}

/** A client that keeps every view it receives, to wait on and to inspect afterwards. */
export class RecordingClient<R extends Role> extends RoleClient<R> {
  readonly views: ViewOf<R>[] = [];
  readonly notices: { code: string }[] = [];

  constructor(role: R, server: TestServer, options: RecordingOptions = {}) {
    super(role, server.url, { validate: true, ...credentials(role, server, options), socket: { ca: server.ca, ...options.socket } });
    this.onView((v) => this.views.push(v));
    this.onNotice((n) => this.notices.push(n));
  }

  get latest(): ViewOf<R> | undefined {
    return this.views.at(-1);
  }

  /** Resolves with the first view (already received or coming) that satisfies the predicate. */
  waitFor(predicate: (v: ViewOf<R>) => boolean, timeoutMs = 20_000, what = 'view'): Promise<ViewOf<R>> {
    const latest = this.latest;
    if (latest !== undefined && predicate(latest)) return Promise.resolve(latest);
    return new Promise((res, rej) => {
      const timer = setTimeout(() => {
        off();
        rej(new Error(`timed out waiting for ${what} on ${this.role}; latest: ${JSON.stringify(this.latest)?.slice(0, 400)}`));
      }, timeoutMs);
      const off = this.onView((v) => {
        if (predicate(v)) {
          clearTimeout(timer);
          off();
          res(v);
        }
      });
    });
  }

  waitForNotice(code: string, timeoutMs = 10_000): Promise<void> {
    if (this.notices.some((n) => n.code === code)) return Promise.resolve();
    return new Promise((res, rej) => {
      const timer = setTimeout(() => {
        off();
        rej(new Error(`timed out waiting for notice ${code}; got ${JSON.stringify(this.notices)}`));
      }, timeoutMs);
      const off = this.onNotice((n) => {
        if (n.code === code) {
          clearTimeout(timer);
          off();
          res();
        }
      });
    });
  }

  connected(timeoutMs = 20_000): Promise<void> {
    if (this.socket.connected) return Promise.resolve();
    return new Promise((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`${this.role} did not connect`)), timeoutMs);
      this.socket.once('connect', () => {
        clearTimeout(timer);
        res();
      });
      this.socket.once('connect_error', (err) => {
        clearTimeout(timer);
        rej(err);
      });
    });
  }
}

/** Unwraps a CommandResult, failing the test with the server's message when refused. */
export function ok<T>(result: { ok: true; data: T } | { ok: false; error: { code: string; message: { en: string } } }): T {
  if (!result.ok) throw new Error(`refused: ${result.error.code} – ${result.error.message.en}`);
  return result.data;
}
