import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { formatReaderMap } from '../../../drivers/card-readers/reader-map-file';
import type { DeviceRole, PairingTarget } from '../../../server/protocol/devices';
import type { RegisterInput } from '../../../server/protocol/register';
import { DeviceRegistry } from '../../../server/security/devices';
import { REPO_ROOT, tempDir, TEST_PIN } from '../../helpers/server-process';
import { readerName, type BenchMessage, type BenchReply, type BenchRequest } from './protocol';

const APT_LINE = 'apt-get install -y pcscd libpcsclite-dev vsmartcard-vpcd';

/** Why the bench cannot run here, or null. The hardware tests fail with this; they never skip. */
export function benchPrerequisites(): string | null {
  if (process.getuid?.() !== 0) {
    return 'The hardware tests need root: they run the real pcscd in private namespaces (unshare -mn). Run them as root, as CI does.';
  }
  const missing = [
    ['/usr/sbin/pcscd', 'pcscd'],
    ['/usr/lib/pcsc/drivers/serial/libifdvpcd.so.0.8', 'vsmartcard-vpcd'],
    ['/usr/include/PCSC/winscard.h', 'libpcsclite-dev'],
  ].filter(([file]) => !existsSync(file as string));
  if (missing.length > 0) return `Missing system packages: ${missing.map(([, p]) => p).join(' ')}. Install them with: ${APT_LINE}`;
  if (!existsSync(join(REPO_ROOT, 'node_modules/@pokusew/pcsclite/build/Release/pcsclite.node'))) {
    return `The optional dependency nfc-pcsc is not built (its native part needs libpcsclite-dev). Run: ${APT_LINE} && npm ci`;
  }
  if (spawnSync('unshare', ['--version']).status !== 0) return 'unshare (util-linux) is missing.';
  return null;
}

export interface BenchOptions {
  register: RegisterInput;
  /** Reader index (0..15) -> seat id. */
  readerSeats: ReadonlyMap<number, number>;
  /** A card master key (hex) for the server (cloning-resistant cards); none by default. */
  cardMasterKey?: string;
  /** The previous card master key (hex) beside it: a key rotation under way. */
  previousCardMasterKey?: string;
}

/**
 * Real pcscd with 16 virtual readers and the Ratssaal server (RATSSAAL_READERS=pcsc), in private
 * namespaces. `url` and `ca` reach that server through a local TCP port that forwards to the
 * bench's unix socket; cards are put on and taken off readers with insert/remove.
 */
export class HardwareBench {
  private child: ChildProcess | null = null;
  private proxy: Server | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, (r: BenchReply) => void>();
  private stderr = '';
  private readonly sockets = new Set<Socket>();
  port = 0;

  private registry: DeviceRegistry | null = null;
  private readonly credentials = new Map<string, string>();

  private constructor(readonly dir: string) {}

  /** An enrolled device for this role (and seat), written into the bench server's registry file. */
  credentialFor(role: DeviceRole, seatId?: number): string | undefined {
    if (role === 'seat' && seatId === undefined) return undefined;
    const key = role === 'seat' ? `seat:${seatId}` : role;
    let token = this.credentials.get(key);
    if (token === undefined) {
      this.registry ??= DeviceRegistry.open(join(this.dir, 'data', 'devices.db'));
      const target: PairingTarget =
        role === 'seat' ? { role, seatId: seatId! } : role === 'agent' ? { role, seats: Array.from({ length: 64 }, (_, i) => i + 1) } : { role };
      const staff = role === 'chair' || role === 'clerk';
      token = this.registry.enrolDirectly([{ target, label: `Test ${role}`, ...(staff ? { pin: TEST_PIN } : {}) }], 'test')[0]!.token;
      this.credentials.set(key, token);
    }
    return token;
  }

  static async start(o: BenchOptions): Promise<HardwareBench> {
    const problem = benchPrerequisites();
    if (problem) throw new Error(problem);
    const bench = new HardwareBench(tempDir('hardware'));
    mkdirSync(join(bench.dir, 'data'), { recursive: true });
    writeFileSync(join(bench.dir, 'seed.json'), JSON.stringify(o.register));
    if (o.cardMasterKey) writeFileSync(join(bench.dir, 'card-master.key'), `${o.cardMasterKey}\n`, { mode: 0o600 });
    if (o.previousCardMasterKey) writeFileSync(join(bench.dir, 'card-master.previous.key'), `${o.previousCardMasterKey}\n`, { mode: 0o600 });
    writeFileSync(join(bench.dir, 'data', 'readers.json'), formatReaderMap([...o.readerSeats].map(([i, seat]) => [readerName(i), seat])));
    await bench.spawn();
    return bench;
  }

  get url(): string {
    return `https://127.0.0.1:${this.port}`;
  }

  get ca(): string {
    return readFileSync(join(this.dir, 'data', 'tls', 'ca.crt'), 'utf8');
  }

  get mapFile(): string {
    return join(this.dir, 'data', 'readers.json');
  }

  insert(reader: number, uid: string, atr?: string, card: { aesKey?: string; leaveOnAuthenticate?: boolean } = {}): Promise<unknown> {
    return this.request({ op: 'insert', reader, uid, ...(atr ? { atr } : {}), ...card });
  }

  /** Takes the card off; resolves with the APDUs the card received and when each arrived (ms). */
  async removeTimed(reader: number): Promise<{ apdus: string[]; apduTimes: number[] }> {
    return (await this.request({ op: 'remove', reader })) as { apdus: string[]; apduTimes: number[] };
  }

  /** Takes the card off; resolves with the APDUs the card received. */
  async remove(reader: number): Promise<string[]> {
    const data = (await this.request({ op: 'remove', reader })) as { apdus: string[] };
    return data.apdus;
  }

  /** Takes the card off; resolves with the APDUs it received and its key 0 then (hex, null without AES). */
  async removeCard(reader: number): Promise<{ apdus: string[]; aesKey: string | null }> {
    return (await this.request({ op: 'remove', reader })) as { apdus: string[]; aesKey: string | null };
  }

  /** The APDUs the card on this reader received so far. */
  async apdus(reader: number): Promise<string[]> {
    return ((await this.request({ op: 'apdus', reader })) as { apdus: string[] }).apdus;
  }

  /** Runs the personalise command's function on this reader inside the bench. */
  async personalise(reader: number, count: number, fromKeyFile?: string): Promise<{ code: number; out: string[]; err: string[] }> {
    return (await this.request({ op: 'personalise', reader, count, ...(fromKeyFile ? { fromKeyFile } : {}) })) as { code: number; out: string[]; err: string[] };
  }

  restartPcscd(without: number[] = []): Promise<unknown> {
    return this.request({ op: 'restartPcscd', without });
  }

  async serverLog(): Promise<string> {
    return ((await this.request({ op: 'serverLog' })) as { log: string }).log;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null) {
      const exited = new Promise<void>((res) => child.once('exit', () => res()));
      await this.request({ op: 'stop' }).catch(() => undefined);
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    }
    this.child = null;
    this.registry?.close();
    this.registry = null;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((res) => (this.proxy ? this.proxy.close(() => res()) : res()));
  }

  private request(req: BenchRequest): Promise<unknown> {
    const child = this.child;
    if (!child?.stdin) return Promise.reject(new Error('the bench is not running'));
    const id = this.nextId++;
    return new Promise((res, rej) => {
      this.pending.set(id, (r) => (r.ok ? res(r.data) : rej(new Error(`bench: ${r.error}`))));
      child.stdin?.write(`${JSON.stringify({ id, ...req })}\n`);
    });
  }

  private async spawn(): Promise<void> {
    const inside = resolve(import.meta.dirname, 'inside.ts');
    const script = [
      'set -e',
      'ip link set lo up',
      'mkdir -p /run/pcscd',
      'mount -t tmpfs tmpfs /run/pcscd',
      `exec "${process.execPath}" --import tsx "${inside}"`,
    ].join('\n');
    const child = spawn('unshare', ['-mn', '--propagation', 'private', '--', 'sh', '-c', script], {
      cwd: REPO_ROOT,
      env: { ...process.env, RATSSAAL_BENCH_DIR: this.dir },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stderr.on('data', (c: Buffer) => {
      this.stderr = (this.stderr + c.toString()).slice(-20_000);
    });
    const ready = new Promise<void>((res, rej) => {
      child.once('exit', (code) => rej(new Error(`the hardware bench exited with ${code}:\n${this.stderr}`)));
      createInterface({ input: child.stdout }).on('line', (line) => {
        let msg: BenchMessage;
        try {
          msg = JSON.parse(line) as BenchMessage;
        } catch {
          return;
        }
        if (msg.type === 'ready') res();
        else if (msg.type === 'fatal') rej(new Error(`the hardware bench failed: ${msg.error}\n${this.stderr}`));
        else {
          this.pending.get(msg.reply.id)?.(msg.reply);
          this.pending.delete(msg.reply.id);
        }
      });
    });
    child.once('exit', () => {
      for (const p of this.pending.values()) p({ id: 0, ok: false, error: `the bench process ended\n${this.stderr}` });
      this.pending.clear();
    });
    await ready;
    const socketPath = join(this.dir, 'server.sock');
    this.proxy = createServer((client) => {
      const upstream = connect(socketPath);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.once('close', () => this.sockets.delete(s));
      }
      client.pipe(upstream).pipe(client);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
    });
    await new Promise<void>((res) => this.proxy?.listen(0, '127.0.0.1', res));
    const addr = this.proxy.address();
    this.port = typeof addr === 'object' && addr ? addr.port : 0;
  }
}
