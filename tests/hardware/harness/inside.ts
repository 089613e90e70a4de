/**
 * The bench process. It runs inside private mount and network namespaces (started by bench.ts
 * through unshare): real pcscd with 8 vsmartcard-vpcd entries (16 readers), virtual cards on
 * them, and the Ratssaal server with RATSSAAL_READERS=pcsc. The test outside reaches the server
 * through a unix socket in the shared temporary folder and drives the cards with JSON lines on
 * stdin; replies and events go out as JSON lines on stdout.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pcscdAnswers } from '../../../drivers/card-readers/nfc-pcsc';
import { runPersonalise } from '../../../server/security/personalise';
import { ServerProcess } from '../../helpers/server-process';
import { VirtualCard } from '../virtual-card';
import { readerName, readerPort, READERS, VPCD_ENTRIES, BenchEnvelope, BenchRequest, type BenchMessage, type BenchReply } from './protocol';

const VPCD_LIBRARY = '/usr/lib/pcsc/drivers/serial/libifdvpcd.so.0.8';
const dir = process.env.RATSSAAL_BENCH_DIR;
if (!dir) throw new Error('RATSSAAL_BENCH_DIR is not set');
const confDir = join(dir, 'pcscd-conf');
const libDir = join(dir, 'pcscd-lib');
const pcscdLog = createWriteStream(join(dir, 'pcscd.log'), { flags: 'a' });

function log(line: string): void {
  process.stderr.write(`bench: ${line}\n`);
}

function send(message: BenchMessage): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

/** One config entry per vpcd driver copy: entries sharing one driver file share its slot table. */
function writeConfig(entries: readonly number[]): void {
  rmSync(confDir, { recursive: true, force: true });
  mkdirSync(confDir, { recursive: true });
  mkdirSync(libDir, { recursive: true });
  for (const e of entries) {
    const lib = join(libDir, `libifdvpcd-${e}.so`);
    copyFileSync(VPCD_LIBRARY, lib);
    const port = readerPort(e * 2);
    const name = readerName(e * 2).replace(/ 00 00$/, '');
    writeFileSync(join(confDir, `vpcd-${e}`), `FRIENDLYNAME "${name}"\nDEVICENAME /dev/null:${port}\nLIBPATH ${lib}\nCHANNELID ${port}\n`);
  }
}

let pcscd: ChildProcess | null = null;

async function startPcscd(entries: readonly number[]): Promise<void> {
  writeConfig(entries);
  const child = spawn('pcscd', ['--foreground', '--config', confDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(pcscdLog, { end: false });
  child.stderr.pipe(pcscdLog, { end: false });
  pcscd = child;
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`pcscd exited with ${child.exitCode}; see pcscd.log`);
    if (await pcscdAnswers()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('pcscd did not open its socket');
}

async function stopPcscd(): Promise<void> {
  const child = pcscd;
  pcscd = null;
  if (!child || child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

const cards = new Map<number, VirtualCard>();
const all = Array.from({ length: VPCD_ENTRIES }, (_, i) => i);

async function handle(req: BenchRequest, server: ServerProcess): Promise<unknown> {
  switch (req.op) {
    case 'insert': {
      await cards.get(req.reader)?.remove();
      const card = new VirtualCard({
        uid: req.uid,
        ...(req.atr ? { atr: req.atr } : {}),
        ...(req.aesKey ? { aesKey: req.aesKey } : {}),
        ...(req.leaveOnAuthenticate ? { leaveOnAuthenticate: true } : {}),
        port: readerPort(req.reader),
        // a card that leaves by itself must not come back
        persistent: !req.leaveOnAuthenticate,
      });
      await card.insert();
      cards.set(req.reader, card);
      return {};
    }
    case 'remove': {
      const card = cards.get(req.reader);
      cards.delete(req.reader);
      await card?.remove();
      return { apdus: card?.apdus ?? [], apduTimes: card?.apduTimes ?? [], aesKey: card?.aesKey ?? null };
    }
    case 'apdus':
      return { apdus: cards.get(req.reader)?.apdus ?? [] };
    case 'personalise': {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runPersonalise({
        masterKeyFile: join(dir!, 'card-master.key'),
        ...(req.fromKeyFile ? { fromKeyFile: req.fromKeyFile } : {}),
        reader: readerName(req.reader),
        count: req.count,
        out: (l) => out.push(l),
        err: (l) => err.push(l),
      });
      return { code, out, err };
    }
    case 'restartPcscd':
      await stopPcscd();
      await startPcscd(all.filter((e) => !req.without.includes(e)));
      return {};
    case 'serverLog':
      return { log: server.log };
    case 'stop':
      return {};
  }
}

async function main(): Promise<void> {
  if (!dir) return;
  await startPcscd(all);
  const server = await ServerProcess.start({
    dataDir: join(dir, 'data'),
    seedFile: join(dir, 'seed.json'),
    env: {
      RATSSAAL_READERS: 'pcsc',
      RATSSAAL_DEMO: 'false',
      ...(existsSync(join(dir, 'card-master.key')) ? { RATSSAAL_CARD_KEY_FILE: join(dir, 'card-master.key') } : {}),
    },
  });
  const socketPath = join(dir, 'server.sock');
  const open = new Set<Socket>();
  const proxy = createServer((client) => {
    const upstream = connect(server.port, '127.0.0.1');
    for (const s of [client, upstream]) {
      open.add(s);
      s.once('close', () => open.delete(s));
    }
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(socketPath, resolve));
  send({ type: 'ready', readers: Array.from({ length: READERS }, (_, i) => readerName(i)) });

  const shutdown = async () => {
    for (const card of cards.values()) await card.remove();
    proxy.close();
    for (const s of open) s.destroy();
    log('stopping the server');
    await server.stop();
    log('stopping pcscd');
    await stopPcscd();
    log('stopped');
    process.exit(0);
  };
  const lines = createInterface({ input: process.stdin });
  lines.on('close', () => void shutdown());
  for await (const line of lines) {
    const { id } = BenchEnvelope.parse(JSON.parse(line));
    let reply: BenchReply;
    let stop = false;
    try {
      const req = BenchRequest.parse(JSON.parse(line));
      stop = req.op === 'stop';
      reply = { id, ok: true, data: await handle(req, server) };
    } catch (err) {
      reply = { id, ok: false, error: err instanceof Error ? err.message : String(err) };
    }
    send({ type: 'reply', reply });
    if (stop) await shutdown();
  }
}

main().catch(async (err: unknown) => {
  send({ type: 'fatal', error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  await stopPcscd();
  process.exit(1);
});
