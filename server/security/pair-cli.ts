/**
 * npm run pair -- <seat N | chair | clerk | display | agent 1-8 | agent 1,2,5> [--label TEXT] [--qr]
 *
 * Makes a one-time pairing code in the data folder's device registry (RATSSAAL_DATA, default
 * ./data) — beside a running server or without one — and prints the code and the pairing link.
 */
import { join, resolve } from 'node:path';
import { PairingTarget, type PairingTarget as Target } from '../protocol/devices';
import { describeCode } from './bootstrap';
import { DEFAULT_PAIRING_TTL_MS, DeviceRegistry, describeTarget } from './devices';
import { qrTerminal } from './qr';
import { localAddresses } from './tls';
import { runsAsProgram } from '../entry';

export class PairUsageError extends Error {}

export interface PairCliArgs {
  target: Target;
  label: string;
  qr: boolean;
}

function seatList(text: string | undefined): number[] {
  if (!text) throw new PairUsageError('agent needs its seats, e.g. "agent 1-8" or "agent 1,2,5"');
  const seats = new Set<number>();
  for (const part of text.split(',')) {
    const m = /^(\d{1,4})(?:-(\d{1,4}))?$/.exec(part.trim());
    if (!m) throw new PairUsageError(`"${part}" is not a seat or a range of seats`);
    const from = Number(m[1]);
    const to = Number(m[2] ?? m[1]);
    if (to < from) throw new PairUsageError(`"${part}": the range runs backwards`);
    for (let s = from; s <= to; s += 1) seats.add(s);
  }
  return [...seats];
}

export function parsePairCliArgs(argv: readonly string[]): PairCliArgs {
  const words: string[] = [];
  let label: string | undefined;
  let qr = false;
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i]!;
    if (a === '--label') {
      label = argv[++i];
      if (!label) throw new PairUsageError('--label needs a text');
    } else if (a.startsWith('--label=')) label = a.slice(8);
    else if (a === '--qr') qr = true;
    else if (a.startsWith('--')) throw new PairUsageError(`unknown option ${a}`);
    else words.push(a);
  }
  const [role, arg, ...rest] = words;
  if (rest.length > 0) throw new PairUsageError(`unexpected "${rest.join(' ')}"`);
  let raw: unknown;
  switch (role) {
    case 'seat':
      if (!arg || !/^\d{1,4}$/.test(arg)) throw new PairUsageError('seat needs its number, e.g. "seat 12"');
      raw = { role, seatId: Number(arg) };
      break;
    case 'agent':
      raw = { role, seats: seatList(arg) };
      break;
    case 'chair':
    case 'clerk':
    case 'display':
      if (arg) throw new PairUsageError(`${role} takes no number`);
      raw = { role };
      break;
    default:
      throw new PairUsageError('say what the device is: seat N, chair, clerk, display or agent SEATS');
  }
  const parsed = PairingTarget.safeParse(raw);
  if (!parsed.success) throw new PairUsageError(parsed.error.issues.map((i) => i.message).join('; '));
  const finalLabel = (label ?? describeTarget(parsed.data)).trim();
  if (finalLabel.length === 0 || finalLabel.length > 80) throw new PairUsageError('--label must have 1 to 80 characters');
  return { target: parsed.data, label: finalLabel, qr };
}

function main(): void {
  const args = parsePairCliArgs(process.argv.slice(2));
  const dataDir = resolve(process.env.RATSSAAL_DATA ?? 'data');
  const ttlMin = Number(process.env.RATSSAAL_PAIRING_TTL_MIN ?? DEFAULT_PAIRING_TTL_MS / 60_000);
  const registry = DeviceRegistry.open(join(dataDir, 'devices.db'), { pairingTtlMs: (Number.isFinite(ttlMin) && ttlMin > 0 ? ttlMin : 15) * 60_000 });
  try {
    const code = registry.issueCode(args.target, args.label, { by: 'command line' });
    const lan = localAddresses().ipAddresses.find((a) => /^\d+\.\d+\.\d+\.\d+$/.test(a) && a !== '127.0.0.1');
    const host = (process.env.RATSSAAL_HOSTNAMES ?? '').split(',').map((h) => h.trim()).find(Boolean) ?? lan ?? 'localhost';
    const origin = `https://${host}:${process.env.RATSSAAL_PORT ?? '8443'}`;
    console.log(describeCode(code, origin).join('\n'));
    if (args.target.role === 'agent') {
      console.log(`  Seat-Agent / seat agent:  ratssaal-seat-agent pair --server ${origin} --ca council-ca.crt --code ${code.code} --token-file agent.token`);
    }
    if (args.qr) console.log(qrTerminal(`${origin}/pair?code=${code.code}`));
  } finally {
    registry.close();
  }
}

if (runsAsProgram(import.meta.url, 'pair')) {
  try {
    main();
  } catch (err) {
    console.error(`Kein Code erstellt / no code made: ${err instanceof Error ? err.message : String(err)}`);
    if (err instanceof PairUsageError) console.error('usage: npm run pair -- <seat N | chair | clerk | display | agent 1-8> [--label TEXT] [--qr]');
    process.exit(2);
  }
}
