/**
 * The load bench's baselines: a bare Socket.IO server with the same TLS setup as Ratssaal that
 * only acknowledges each command (the cost of the round trip itself), or, with
 * BENCH_ECHO_FSYNC=1, writes each command to a file and fsyncs it before the ack (the naive
 * durable server: one fsync per message). Started as its own process by the bench. With
 * RATSSAAL_TRACE_LEGS=1 its answers carry the same `legs` as Ratssaal's (server/diagnostics/legs.ts).
 */
import { closeSync, fdatasyncSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Server } from 'socket.io';
import { clockMs, TRACE_LEGS, withLegs } from '../../server/diagnostics/legs';
import { ensureTls } from '../../server/security/tls';

const dataDir = process.env.RATSSAAL_DATA ?? 'data-echo';
const port = Number(process.env.RATSSAAL_PORT ?? 0);
const host = process.env.RATSSAAL_HOST ?? '127.0.0.1';
const fsync = process.env.BENCH_ECHO_FSYNC === '1';

mkdirSync(dataDir, { recursive: true });
const tls = ensureTls(dataDir);
const https = createServer({ key: tls.key, cert: tls.cert });
const io = new Server(https, { serveClient: false, maxHttpBufferSize: 64 * 1024, pingInterval: 10_000, pingTimeout: 8_000 });
/**
 * How echo-fsync writes (an experiment, BENCH_ECHO_WRITE): 'line' appends the message (default);
 * 'wal' writes what a Ratssaal commit writes — two WAL frames (24-byte header + 4 KB page each)
 * at a rolling offset inside a file of 16 MB written beforehand, then fdatasync, as SQLite does;
 * 'wal-append' the same bytes appended to a growing file, then fsync.
 */
const writeMode = process.env.BENCH_ECHO_WRITE ?? 'line';
const WAL_BYTES = 16 * 1024 * 1024;
const frame = Buffer.alloc(24 + 4096, 7);
const fd = fsync ? openSync(join(dataDir, 'echo.log'), writeMode === 'wal' ? 'w+' : 'a') : null;
if (fd !== null && writeMode === 'wal') {
  const chunk = Buffer.alloc(1024 * 1024, 0);
  for (let at = 0; at < WAL_BYTES; at += chunk.length) writeSync(fd, chunk, 0, chunk.length, at);
  fsyncSync(fd);
}
let walAt = 0;
function durable(fd: number, raw: unknown): void {
  if (writeMode === 'line') {
    writeSync(fd, `${JSON.stringify(raw)}\n`);
    fsyncSync(fd);
    return;
  }
  for (let i = 0; i < 2; i += 1) {
    if (writeMode === 'wal') {
      if (walAt + 24 + 4096 > WAL_BYTES) walAt = 0;
      writeSync(fd, frame, 0, 24, walAt);
      writeSync(fd, frame, 24, 4096, walAt + 24);
      walAt += 24 + 4096;
    } else {
      writeSync(fd, frame, 0, 24);
      writeSync(fd, frame, 24, 4096);
    }
  }
  if (writeMode === 'wal') fdatasyncSync(fd);
  else fsyncSync(fd);
}

interface Command {
  name?: string;
  payload?: { voteId?: string; choice?: string };
}

for (const ns of [io.of('/seat'), io.of('/chair'), io.of('/display')]) {
  ns.on('connection', (socket) => {
    socket.on('command', (raw: Command, ack: unknown) => {
      const arrived = TRACE_LEGS ? clockMs() : 0;
      if (typeof ack !== 'function') return;
      if (fd !== null) {
        durable(fd, raw);
      }
      const p = raw.payload ?? {};
      const answer = { ok: true, data: { voteId: p.voteId ?? '', choice: p.choice ?? null, at: new Date().toISOString(), duplicate: false } };
      (ack as (r: unknown) => void)(TRACE_LEGS ? withLegs(answer, arrived) : answer);
    });
  });
}

https.listen(port, host, () => {
  console.log(`echo server (fsync: ${fsync}) listening on port ${(https.address() as AddressInfo).port}`);
});

const stop = () => {
  void io.close(() => {
    if (fd !== null) closeSync(fd);
    process.exit(0);
  });
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
