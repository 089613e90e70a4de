/**
 * The card side of AuthenticateEV2First, as an NTAG 424 DNA answers it: ISO SELECT of its
 * application, then the two-pass mutual authentication with its own AES key. Used by the
 * simulated driver (demo cards that are genuine or cloned) and by the tests' virtual cards.
 */
import { randomBytes } from 'node:crypto';
import { aesCbcDecrypt, aesCbcEncrypt, NTAG424_DF_NAME, rotateLeft1 } from './card-auth';

const SW_OK = Buffer.from([0x90, 0x00]);
const SW_FILE_NOT_FOUND = Buffer.from([0x6a, 0x82]);
const SW_INS_NOT_SUPPORTED = Buffer.from([0x6d, 0x00]);
const SW_MORE = Buffer.from([0x91, 0xaf]);
const SW_DONE = Buffer.from([0x91, 0x00]);
const SW_AUTHENTICATION_ERROR = Buffer.from([0x91, 0xae]);
const SW_LENGTH_ERROR = Buffer.from([0x91, 0x7e]);
const SW_NO_SUCH_KEY = Buffer.from([0x91, 0x40]);
const SW_ILLEGAL_COMMAND = Buffer.from([0x91, 0x1c]);

export interface Ntag424Options {
  /** Application keys by number (0 to 4); a key that is not set answers "no such key". */
  keys: ReadonlyMap<number, Uint8Array>;
  random?: (n: number) => Buffer;
}

/**
 * Answers APDUs of the NTAG 424 DNA application (the part authentication needs). Anything else
 * is left to the caller (GET DATA for the UID is a reader's pseudo-APDU, not the card's).
 */
export class Ntag424Application {
  private selected = false;
  /** Between the two passes: the key in use and the card's RndB. */
  private pending: { key: Uint8Array; rndB: Buffer } | null = null;
  private readonly random: (n: number) => Buffer;
  /** Transaction identifier of the last successful authentication. */
  lastTi: Buffer | null = null;

  constructor(private readonly o: Ntag424Options) {
    this.random = o.random ?? ((n) => randomBytes(n));
  }

  /** The answer to one APDU, or null when it is not for this application. */
  answer(apdu: Buffer): Buffer | null {
    if (apdu.length >= 5 && apdu[0] === 0x00 && apdu[1] === 0xa4 && apdu[2] === 0x04) {
      const name = apdu.subarray(5, 5 + apdu[4]!);
      this.selected = name.equals(NTAG424_DF_NAME);
      this.pending = null;
      return this.selected ? SW_OK : SW_FILE_NOT_FOUND;
    }
    if (apdu.length < 5 || apdu[0] !== 0x90) return null;
    if (!this.selected) return SW_INS_NOT_SUPPORTED;
    if (apdu[1] === 0x71) return this.first(apdu);
    if (apdu[1] === 0xaf) return this.second(apdu);
    return SW_ILLEGAL_COMMAND;
  }

  private first(apdu: Buffer): Buffer {
    this.pending = null;
    if (apdu[4]! < 1 || apdu.length < 6 + apdu[4]!) return SW_LENGTH_ERROR;
    const key = this.o.keys.get(apdu[5]!);
    if (!key) return SW_NO_SUCH_KEY;
    const rndB = this.random(16);
    this.pending = { key, rndB };
    return Buffer.concat([aesCbcEncrypt(key, rndB), SW_MORE]);
  }

  private second(apdu: Buffer): Buffer {
    const pending = this.pending;
    this.pending = null;
    if (!pending) return SW_ILLEGAL_COMMAND;
    if (apdu[4] !== 32 || apdu.length < 5 + 32) return SW_LENGTH_ERROR;
    const plain = aesCbcDecrypt(pending.key, apdu.subarray(5, 5 + 32));
    const rndA = plain.subarray(0, 16);
    if (!plain.subarray(16).equals(rotateLeft1(pending.rndB))) return SW_AUTHENTICATION_ERROR;
    const ti = this.random(4);
    this.lastTi = ti;
    const answer = Buffer.concat([ti, rotateLeft1(rndA), Buffer.alloc(6), Buffer.alloc(6)]);
    return Buffer.concat([aesCbcEncrypt(pending.key, answer), SW_DONE]);
  }
}
