/**
 * Benchmark: card tap -> "Angemeldet" on the seat, through the real pcscd (16 vsmartcard-vpcd
 * readers in private namespaces, nfc-pcsc in the server, the seat's view over TLS). Prints the
 * latency distribution; asserts that every tap logged in the right member and every removal
 * logged out. Needs root (unshare). Usage: npm run bench:readers [-- --taps 100] [--aes]
 * --aes: cloning-resistant cards (virtual NTAG 424 DNA, the council requires challenge-response),
 * to compare with the plain UID run.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { cardKeyFor } from '../drivers/card-readers/card-auth';
import { ATR_ISO14443_4 } from '../tests/hardware/virtual-card';
import { cardUidFor, makeCouncil, memberIdFor } from '../tests/helpers/council';
import { RecordingClient } from '../tests/helpers/server-process';
import { HardwareBench } from '../tests/hardware/harness/bench';
import { READERS } from '../tests/hardware/harness/protocol';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const n = i < 0 ? fallback : Number(process.argv[i + 1]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive whole number`);
  return n;
}

function quantile(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (sorted[lo] ?? 0) + ((sorted[hi] ?? 0) - (sorted[lo] ?? 0)) * (pos - lo);
}

async function main(): Promise<void> {
  const taps = Math.max(50, arg('taps', 60));
  const aes = process.argv.includes('--aes');
  const master = randomBytes(16);
  const register = makeCouncil({ members: READERS });
  if (aes) register.profile = { ...register.profile, cardAuthentication: 'challenge-response' };
  const bench = await HardwareBench.start({
    register,
    readerSeats: new Map(Array.from({ length: READERS }, (_, i) => [i, i + 1])),
    ...(aes ? { cardMasterKey: master.toString('hex') } : {}),
  });
  const seats = Array.from({ length: READERS }, (_, i) => new RecordingClient('seat', bench, { seatId: i + 1 }));
  const latencies: number[] = [];
  try {
    await Promise.all(seats.map((s) => s.connected()));
    await Promise.all(seats.map((s) => s.waitFor((v) => v.reader === 'connected', 30_000, 'reader connected')));
    for (let k = 0; k < taps; k++) {
      const reader = k % READERS;
      const seat = seats[reader];
      if (!seat) throw new Error(`no seat client for reader ${reader}`);
      const member = memberIdFor(reader + 1);
      const loggedIn = seat.waitFor((v) => v.member?.id === member, 30_000, `member ${member} logged in`);
      const t0 = performance.now();
      const uid = cardUidFor(reader + 1);
      await (aes ? bench.insert(reader, uid, ATR_ISO14443_4, { aesKey: cardKeyFor(master, uid).toString('hex').toUpperCase() }) : bench.insert(reader, uid));
      await loggedIn;
      latencies.push(performance.now() - t0);
      await bench.remove(reader);
      await seat.waitFor((v) => v.member === null, 30_000, 'logged out');
    }
  } finally {
    for (const s of seats) s.close();
    await bench.stop();
  }
  if (latencies.length !== taps) throw new Error(`only ${latencies.length} of ${taps} taps logged in`);
  const sorted = [...latencies].sort((a, b) => a - b);
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  const ms = (x: number) => `${x.toFixed(0)} ms`;
  const mode = aes ? 'AES challenge-response (NTAG 424 DNA)' : 'UID only';
  console.log(`tap -> "Angemeldet" on the seat, real pcscd, ${mode}, ${taps} taps on ${READERS} readers (all logged in and out correctly)`);
  console.log(`  median ${ms(quantile(sorted, 0.5))}   p95 ${ms(quantile(sorted, 0.95))}   mean ${ms(mean)}   min ${ms(sorted[0] ?? 0)}   max ${ms(sorted.at(-1) ?? 0)}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
