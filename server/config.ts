import { join, resolve } from 'node:path';
import type { CommitThreadSetting } from './store/commit-mode';

/** simulated: demo readers only; pcsc: real readers through pcscd (required); auto: PC/SC when available. */
export type ReaderDriverKind = 'simulated' | 'pcsc' | 'auto';
const READER_KINDS: readonly ReaderDriverKind[] = ['simulated', 'pcsc', 'auto'];

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  seedFile: string;
  readers: ReaderDriverKind;
  /** Seats offer the demo card panel (only with the simulated driver). */
  demo: boolean;
  /** Seats take keyboard-wedge bursts (a UID typed plus Enter) as card taps. Off by default. */
  keyboardWedge: boolean;
  /** Extra DNS names / addresses for the server certificate (kiosks reaching it by name). */
  hostnames: string[];
  uiDir: string;
  /** How long the clerk's "register card" mode waits for a card. */
  cardModeTimeoutMs?: number;
  /** Commit to the event log on a writer thread (true), on the main thread (false), or decide by the data folder's fsync time at start ('auto', default). */
  commitThread: CommitThreadSetting;
  /** Microphone system: the simulated one, or none. */
  mics: 'simulated' | 'none';
  micMode: 'chair-controlled' | 'fifo' | 'free';
  /** Most delegate mics open at once (the chair's does not count). */
  micMaxOpen: number;
  /** The card master key for challenge-response cards (RATSSAAL_CARD_KEY_FILE; default keys/card-master.key in the data folder). */
  cardKeyFile?: string;
  /** Chair and clerk devices need their PIN on every connection ('pin', default), or only their device credential ('none', weaker). */
  staffUnlock: 'pin' | 'none';
  /** How long a pairing code can be redeemed. */
  pairingTtlMs: number;
  /** How long a one-time export download ticket is valid (RATSSAAL_EXPORT_TICKET_TTL_S, default 60 s). */
  exportTicketTtlMs?: number;
}

export class ConfigError extends Error {}

function intFrom(env: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (env === undefined || env === '') return fallback;
  const n = Number(env);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${env}"`);
  return n;
}

/** Reads the configuration from the environment; every setting has a working default. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const readers = (env.RATSSAAL_READERS ?? 'auto') as ReaderDriverKind;
  if (!READER_KINDS.includes(readers)) throw new ConfigError(`RATSSAAL_READERS must be "auto", "pcsc" or "simulated", got "${readers}"`);
  const demo = env.RATSSAAL_DEMO === undefined ? true : env.RATSSAAL_DEMO === '1' || env.RATSSAAL_DEMO === 'true';
  return {
    port: intFrom(env.RATSSAAL_PORT, 'RATSSAAL_PORT', 8443, 0, 65535),
    host: env.RATSSAAL_HOST ?? '0.0.0.0',
    dataDir: resolve(cwd, env.RATSSAAL_DATA ?? 'data'),
    seedFile: resolve(cwd, env.RATSSAAL_SEED ?? 'seeds/demo-council.json'),
    readers,
    demo,
    keyboardWedge: env.RATSSAAL_KEYBOARD_WEDGE === '1' || env.RATSSAAL_KEYBOARD_WEDGE === 'true',
    hostnames: (env.RATSSAAL_HOSTNAMES ?? '').split(',').map((h) => h.trim()).filter(Boolean),
    uiDir: resolve(cwd, env.RATSSAAL_UI_DIR ?? 'dist'),
    cardModeTimeoutMs: intFrom(env.RATSSAAL_CARD_MODE_TIMEOUT_S, 'RATSSAAL_CARD_MODE_TIMEOUT_S', 60, 5, 3600) * 1000,
    commitThread: commitThreadFrom(env.RATSSAAL_COMMIT_THREAD),
    cardKeyFile: resolve(cwd, env.RATSSAAL_CARD_KEY_FILE ?? join(env.RATSSAAL_DATA ?? 'data', 'keys', 'card-master.key')),
    ...micConfig(env),
    ...deviceConfig(env),
  };
}

function commitThreadFrom(value: string | undefined): CommitThreadSetting {
  if (value === undefined || value === '' || value === 'auto') return 'auto';
  if (value === '1' || value === 'true') return true;
  if (value === '0' || value === 'false') return false;
  throw new ConfigError(`RATSSAAL_COMMIT_THREAD must be "auto", "1" (writer thread) or "0" (main thread), got "${value}"`);
}

function micConfig(env: NodeJS.ProcessEnv): Pick<Config, 'mics' | 'micMode' | 'micMaxOpen'> {
  const mics = env.RATSSAAL_MICS ?? 'simulated';
  if (mics !== 'simulated' && mics !== 'none') throw new ConfigError(`RATSSAAL_MICS must be "simulated" or "none", got "${mics}"`);
  const micMode = env.RATSSAAL_MIC_MODE ?? 'chair-controlled';
  if (micMode !== 'chair-controlled' && micMode !== 'fifo' && micMode !== 'free') {
    throw new ConfigError(`RATSSAAL_MIC_MODE must be "chair-controlled", "fifo" or "free", got "${micMode}"`);
  }
  return { mics, micMode, micMaxOpen: intFrom(env.RATSSAAL_MIC_MAX_OPEN, 'RATSSAAL_MIC_MAX_OPEN', 4, 1, 100) };
}

function deviceConfig(env: NodeJS.ProcessEnv): Pick<Config, 'staffUnlock' | 'pairingTtlMs' | 'exportTicketTtlMs'> {
  const staffUnlock = env.RATSSAAL_STAFF_UNLOCK ?? 'pin';
  if (staffUnlock !== 'pin' && staffUnlock !== 'none') throw new ConfigError(`RATSSAAL_STAFF_UNLOCK must be "pin" or "none", got "${staffUnlock}"`);
  return {
    staffUnlock,
    pairingTtlMs: intFrom(env.RATSSAAL_PAIRING_TTL_MIN, 'RATSSAAL_PAIRING_TTL_MIN', 15, 1, 7 * 24 * 60) * 60_000,
    exportTicketTtlMs: intFrom(env.RATSSAAL_EXPORT_TICKET_TTL_S, 'RATSSAAL_EXPORT_TICKET_TTL_S', 60, 1, 600) * 1000,
  };
}
