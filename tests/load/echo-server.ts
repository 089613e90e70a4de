/**
 * The load bench's baselines: a bare Socket.IO server with the same TLS setup as Ratssaal that
 * only acknowledges each command (the cost of the round trip itself), or, with
 * BENCH_ECHO_FSYNC=1, writes each command to a file and fsyncs it before the ack (the naive
 * durable server: one fsync per message). Started as its own process by the bench. With
 * RATSSAAL_TRACE_LEGS=1 its answers carry the same `legs` as Ratssaal's (server/diagnostics/legs.ts).
 */
import { closeSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
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
const fd = fsync ? openSync(join(dataDir, 'echo.log'), 'a') : null;

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
        writeSync(fd, `${JSON.stringify(raw)}\n`);
        fsyncSync(fd);
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
