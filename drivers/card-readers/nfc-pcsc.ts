/**
 * A small typed wrapper around nfc-pcsc (which ships no types). Only what the PC/SC driver uses
 * is declared; the module is loaded on demand because it is an optional native dependency.
 */
import { connect } from 'node:net';

export interface NfcCard {
  atr?: Buffer;
  standard?: string;
}

export interface NfcReaderEvents {
  card: [card: NfcCard];
  'card.off': [card: NfcCard];
  error: [error: Error];
  end: [];
}

/** The pcsc-lite reader under an nfc-pcsc reader: its raw status changes. */
export interface PcscLiteReader {
  readonly SCARD_STATE_EMPTY: number;
  readonly SCARD_STATE_PRESENT: number;
  on(event: 'status', listener: (status: { state: number; atr?: Buffer }) => void): this;
}

export interface NfcReader {
  readonly name: string;
  readonly reader: PcscLiteReader;
  autoProcessing: boolean;
  transmit(data: Buffer, responseMaxLength: number): Promise<Buffer>;
  on<E extends keyof NfcReaderEvents>(event: E, listener: (...args: NfcReaderEvents[E]) => void): this;
  removeAllListeners(): this;
}

export interface NfcContext {
  on(event: 'reader', listener: (reader: NfcReader) => void): this;
  on(event: 'error', listener: (error: Error) => void): this;
  removeAllListeners(): this;
  close(): void;
}

export type NfcFactory = () => NfcContext;

export class PcscUnavailableError extends Error {}

export const PCSC_INSTALL_HINT =
  'Install the PC/SC stack and the reader module: apt-get install -y pcscd libpcsclite-dev && npm install nfc-pcsc';

interface NfcPcscModule {
  NFC: new () => NfcContext;
}

function isNfcPcscModule(m: unknown): m is NfcPcscModule {
  return typeof m === 'object' && m !== null && 'NFC' in m && typeof m.NFC === 'function';
}

/** Loads nfc-pcsc (and with it the native pcsc-lite binding). */
export async function loadNfcPcsc(): Promise<NfcFactory> {
  let mod: unknown;
  try {
    // a specifier in a variable: the module is optional and ships no type declarations
    const specifier = 'nfc-pcsc';
    mod = await import(specifier);
  } catch (err) {
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new PcscUnavailableError(`the PC/SC reader module nfc-pcsc could not be loaded (${reason}). ${PCSC_INSTALL_HINT}`);
  }
  const candidate = isNfcPcscModule(mod) ? mod : (mod as { default?: unknown }).default;
  if (!isNfcPcscModule(candidate)) throw new PcscUnavailableError(`nfc-pcsc does not export NFC. ${PCSC_INSTALL_HINT}`);
  const { NFC } = candidate;
  return () => new NFC();
}

/** pcsc-lite's client socket; PCSCLITE_CSOCK_NAME overrides it as it does for libpcsclite. */
export function pcscdSocketPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.PCSCLITE_CSOCK_NAME ?? '/run/pcscd/pcscd.comm';
}

/**
 * Whether pcscd accepts connections. Checked before every context is created: the native
 * binding retries SCardEstablishContext in a busy loop on the main thread while pcscd is absent.
 */
export function pcscdAnswers(socketPath = pcscdSocketPath(), timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(socketPath);
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** GET DATA for the UID: the PC/SC pseudo-APDU every contactless reader answers for any card. */
export const GET_UID_APDU = Buffer.from([0xff, 0xca, 0x00, 0x00, 0x00]);

/** Parses the answer to GET_UID_APDU: UID bytes followed by 90 00. */
export function uidFromResponse(response: Buffer): string {
  if (response.length < 2) throw new Error('empty answer to GET DATA (UID)');
  const sw = response.readUInt16BE(response.length - 2);
  if (sw !== 0x9000) throw new Error(`card refused GET DATA (UID): status ${sw.toString(16).toUpperCase().padStart(4, '0')}`);
  const uid = response.subarray(0, -2);
  if (uid.length < 4 || uid.length > 10) throw new Error(`card returned a UID of ${uid.length} bytes (expected 4 to 10)`);
  return uid.toString('hex').toUpperCase();
}
