/**
 * ratssaal-seat-agent: runs the PC/SC card-reader driver next to a seat unit and forwards its
 * events to the Ratssaal server over TLS (namespace "/agent").
 *
 *   ratssaal-seat-agent pair --server https://ratssaal.local:8443 --ca council-ca.crt --code ABCD-EFGH --token-file agent.token
 *   ratssaal-seat-agent --server https://ratssaal.local:8443 --ca council-ca.crt --token-file agent.token --seat 7
 *   ratssaal-seat-agent --server … --ca … --token-file … --seat 7="ACS ACR122U PICC Interface 00 00" --seat 8="… 01 00"
 *
 * "pair" redeems a pairing code from the clerk once and keeps the device credential in the token
 * file (mode 0600). Options: --agent-id NAME (default: the host name); instead of --token-file,
 * RATSSAAL_AGENT_TOKEN or --token TOKEN (visible in the process list: avoid);
 * --card-key-file FILE (cloning-resistant cards: the agent runs the AES challenge itself with
 * its own copy of the card master key; see docs/card-keys.md for what that copy means; during a
 * key rotation the previous key beside it, FILE's name with .previous.key, is still accepted).
 */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { pathToFileURL } from 'node:url';
import { PcscCardReaderDriver } from '../card-readers/pcsc';
import { CardAuthenticator } from '../card-readers/card-auth';
import { previousKeyBeside, readCardKey } from '../card-readers/card-key-file';
import { SeatAgent, type AgentSeat } from './agent';
import { pairAgent, writeTokenFile } from './pair';

export interface AgentArgs {
  server: string;
  caFile: string;
  seats: AgentSeat[];
  agentId: string;
  token?: string;
  /** The card master key file: with it the agent proves cards by challenge-response. */
  cardKeyFile?: string;
}

export class UsageError extends Error {}

export interface PairArgs {
  server: string;
  caFile: string;
  code: string;
  tokenFile: string;
}

function options(argv: readonly string[], known: readonly string[]): Map<string, string[]> {
  const values = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(a);
    if (!m?.[1]) throw new UsageError(`unexpected argument "${a}"`);
    const value = m[2] ?? argv[++i];
    if (value === undefined) throw new UsageError(`--${m[1]} needs a value`);
    values.set(m[1], [...(values.get(m[1]) ?? []), value]);
  }
  for (const key of values.keys()) if (!known.includes(key)) throw new UsageError(`unknown option --${key}`);
  return values;
}

/** ratssaal-seat-agent pair --server URL --ca FILE --code CODE --token-file FILE */
export function parsePairArgs(argv: readonly string[]): PairArgs {
  const values = options(argv, ['server', 'ca', 'code', 'token-file']);
  const one = (key: string) => values.get(key)?.at(-1);
  const server = one('server');
  if (!server || !/^https:\/\/[^/]+/.test(server)) throw new UsageError('--server https://host:port is required (TLS only)');
  const caFile = one('ca');
  if (!caFile) throw new UsageError("--ca FILE is required: the council's CA certificate (the server offers it at /ca.crt)");
  const code = one('code');
  if (!code) throw new UsageError('--code is required: the pairing code from the clerk (e.g. ABCD-EFGH)');
  const tokenFile = one('token-file');
  if (!tokenFile) throw new UsageError('--token-file FILE is required: where the device credential is kept');
  return { server, caFile, code, tokenFile };
}

export function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): AgentArgs {
  const values = options(argv, ['server', 'ca', 'seat', 'agent-id', 'token', 'token-file', 'card-key-file']);
  const one = (key: string) => values.get(key)?.at(-1);
  const server = one('server');
  if (!server || !/^https:\/\/[^/]+/.test(server)) throw new UsageError('--server https://host:port is required (TLS only)');
  const caFile = one('ca');
  if (!caFile) throw new UsageError("--ca FILE is required: the council's CA certificate (the server offers it at /ca.crt)");
  const seats = (values.get('seat') ?? []).map((v): AgentSeat => {
    const m = /^(\d{1,4})(?:=(.+))?$/.exec(v);
    if (!m?.[1] || Number(m[1]) < 1) throw new UsageError(`--seat ${v}: expected a seat number, optionally =READER NAME`);
    return { seatId: Number(m[1]), reader: m[2]?.trim() || null };
  });
  if (seats.length === 0) throw new UsageError('at least one --seat is required');
  if (new Set(seats.map((s) => s.seatId)).size !== seats.length) throw new UsageError('a seat is listed twice');
  if (seats.length > 1 && seats.some((s) => s.reader === null)) {
    throw new UsageError('with more than one seat, name each seat\'s reader: --seat 7="READER NAME" (names: pcsc_scan)');
  }
  const tokenFile = one('token-file');
  let token = one('token') ?? env.RATSSAAL_AGENT_TOKEN;
  if (tokenFile) {
    try {
      token = readFileSync(tokenFile, 'utf8').trim();
    } catch (err) {
      throw new UsageError(`--token-file ${tokenFile} cannot be read (${err instanceof Error ? err.message : String(err)}); pair first: ratssaal-seat-agent pair …`);
    }
  }
  const cardKeyFile = one('card-key-file');
  return {
    server,
    caFile,
    seats,
    agentId: one('agent-id') ?? hostname().replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 64),
    ...(token ? { token } : {}),
    ...(cardKeyFile ? { cardKeyFile } : {}),
  };
}

/**
 * The authenticator from the agent's copy of the card master key (32 hex digits). During a key
 * rotation (a previous key file beside it, as on the server: docs/card-keys.md) a card that
 * refuses the current key gets a second challenge with the previous one, and the agent reports
 * that it passed only so; a previous key that cannot be used or equals the current one is ignored
 * with a warning.
 */
export function agentAuthenticator(file: string, warn: (line: string) => void = (line) => console.warn(line)): CardAuthenticator {
  let key: Buffer;
  try {
    key = readCardKey(file);
  } catch (err) {
    throw new UsageError(`--card-key-file ${file}: not a card master key (${err instanceof Error ? err.message : String(err)})`);
  }
  const previous = previousKeyBeside(file, key);
  if (previous.kind === 'unusable') warn(`previous card key ${previous.file} is not a card master key (${previous.reason}), ignored`);
  if (previous.kind === 'same') warn(`previous card key ${previous.file} equals the current one, ignored`);
  if (previous.kind !== 'key') return new CardAuthenticator(key);
  warn(`key rotation: cards with the previous key (${previous.file}) are still accepted and reported as such until it is removed`);
  return new CardAuthenticator(key, undefined, { previousKey: previous.key });
}

async function pair(argv: readonly string[]): Promise<void> {
  const args = parsePairArgs(argv);
  const { device, token } = await pairAgent({ server: args.server, ca: readFileSync(args.caFile, 'utf8'), code: args.code });
  writeTokenFile(args.tokenFile, token);
  const seats = device.target.role === 'agent' ? device.target.seats.join(', ') : '?';
  console.log(`Eingerichtet / enrolled: ${device.label} (Plätze / seats ${seats}); Zugangsdaten in / credential in ${args.tokenFile}`);
}

async function main(): Promise<void> {
  if (process.argv[2] === 'pair') return pair(process.argv.slice(3));
  const args = parseArgs(process.argv.slice(2));
  const agent = new SeatAgent({
    server: args.server,
    ca: readFileSync(args.caFile, 'utf8'),
    agentId: args.agentId,
    seats: args.seats,
    driver: new PcscCardReaderDriver({ authenticator: args.cardKeyFile ? agentAuthenticator(args.cardKeyFile) : null }),
    ...(args.token ? { token: args.token } : {}),
  });
  await agent.start();
  const stop = () => {
    void agent.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  agent.socket.on('connect_error', () => {
    if (agent.fatal) {
      console.error(`Ratssaal seat agent stops: ${agent.fatal.message}`);
      void agent.stop().then(() => process.exit(2));
    }
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((err: unknown) => {
    console.error(`Ratssaal seat agent could not start: ${err instanceof Error ? err.message : String(err)}`);
    if (err instanceof UsageError) {
      console.error('usage: ratssaal-seat-agent pair --server https://host:port --ca ca.crt --code ABCD-EFGH --token-file agent.token');
      console.error('       ratssaal-seat-agent --server https://host:port --ca ca.crt --token-file agent.token --seat 7 [--seat 8="READER NAME" …] [--agent-id NAME] [--card-key-file FILE]');
    }
    process.exit(2);
  });
}
