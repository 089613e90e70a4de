/**
 * The card side of AuthenticateEV2First, as an NTAG 424 DNA answers it: ISO SELECT of its
 * application, then the two-pass mutual authentication with its own AES key, and ChangeKey of
 * key 0 in secure messaging (personalisation). Used by the simulated driver (demo cards that are
 * genuine or cloned) and by the tests' virtual cards.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { aesCbcDecrypt, aesCbcEncrypt, NTAG424_DF_NAME, rotateLeft1 } from './card-auth';
import { CMD_CHANGE_KEY, commandIv, commandMac, sessionKeys, type Ev2Session } from './ntag424-change-key';

const SW_OK = Buffer.from([0x90, 0x00]);
const SW_FILE_NOT_FOUND = Buffer.from([0x6a, 0x82]);
const SW_INS_NOT_SUPPORTED = Buffer.from([0x6d, 0x00]);
const SW_MORE = Buffer.from([0x91, 0xaf]);
const SW_DONE = Buffer.from([0x91, 0x00]);
const SW_AUTHENTICATION_ERROR = Buffer.from([0x91, 0xae]);
const SW_LENGTH_ERROR = Buffer.from([0x91, 0x7e]);
const SW_NO_SUCH_KEY = Buffer.from([0x91, 0x40]);
const SW_ILLEGAL_COMMAND = Buffer.from([0x91, 0x1c]);
const SW_INTEGRITY_ERROR = Buffer.from([0x91, 0x1e]);
const SW_PERMISSION_DENIED = Buffer.from([0x91, 0x9d]);
/** ChangeKey of key 0: header (KeyNo), 32 bytes of encrypted key data, 8 bytes of MACt. */
const CHANGE_KEY_0_LENGTH = 1 + 32 + 8;

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
  private pending: { keyNo: number; key: Uint8Array; rndB: Buffer } | null = null;
  /** After a successful authentication: the secure-messaging session and its key number. */
  private session: (Ev2Session & { keyNo: number }) | null = null;
  private readonly keys: Map<number, Buffer>;
  private readonly random: (n: number) => Buffer;
  /** Transaction identifier of the last successful authentication. */
  lastTi: Buffer | null = null;
  /** The version byte the last ChangeKey of key 0 wrote. */
  keyVersion = 0;

  constructor(o: Ntag424Options) {
    this.keys = new Map([...o.keys].map(([no, key]) => [no, Buffer.from(key)]));
    this.random = o.random ?? ((n) => randomBytes(n));
  }

  /** The card's current key with this number (a copy); tests use it to carry a card to another reader. */
  key(keyNo: number): Buffer | null {
    const key = this.keys.get(keyNo);
    return key ? Buffer.from(key) : null;
  }

  /** Whether a secure-messaging session is open (after AuthenticateEV2First, before it ended). */
  get authenticated(): boolean {
    return this.session !== null;
  }

  /** The answer to one APDU, or null when it is not for this application. */
  answer(apdu: Buffer): Buffer | null {
    if (apdu.length >= 5 && apdu[0] === 0x00 && apdu[1] === 0xa4 && apdu[2] === 0x04) {
      const name = apdu.subarray(5, 5 + apdu[4]!);
      this.selected = name.equals(NTAG424_DF_NAME);
      this.pending = null;
      this.session = null;
      return this.selected ? SW_OK : SW_FILE_NOT_FOUND;
    }
    if (apdu.length < 5 || apdu[0] !== 0x90) return null;
    if (!this.selected) return SW_INS_NOT_SUPPORTED;
    if (apdu[1] === 0x71) return this.first(apdu);
    if (apdu[1] === 0xaf) return this.second(apdu);
    if (apdu[1] === CMD_CHANGE_KEY) return this.changeKey(apdu);
    this.session = null;
    return SW_ILLEGAL_COMMAND;
  }

  private first(apdu: Buffer): Buffer {
    this.pending = null;
    this.session = null;
    if (apdu[4]! < 1 || apdu.length < 6 + apdu[4]!) return SW_LENGTH_ERROR;
    const keyNo = apdu[5]!;
    const key = this.keys.get(keyNo);
    if (!key) return SW_NO_SUCH_KEY;
    const rndB = this.random(16);
    this.pending = { keyNo, key, rndB };
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
    this.session = { keyNo: pending.keyNo, ti, ...sessionKeys(pending.key, rndA, pending.rndB), cmdCtr: 0 };
    const answer = Buffer.concat([ti, rotateLeft1(rndA), Buffer.alloc(6), Buffer.alloc(6)]);
    return Buffer.concat([aesCbcEncrypt(pending.key, answer), SW_DONE]);
  }

  /**
   * ChangeKey (CommMode.Full) of key 0 while authenticated with key 0: the MAC over Cmd ‖ CmdCtr
   * ‖ TI ‖ KeyNo ‖ data must match under the session's MAC key (with the card's own CmdCtr), the
   * data decrypts to NewKey ‖ KeyVer ‖ 80 00…; then the key is replaced and the session ends.
   * Any error ends the session too and changes nothing.
   */
  private changeKey(apdu: Buffer): Buffer {
    const session = this.session;
    this.session = null;
    this.pending = null;
    if (!session) return SW_AUTHENTICATION_ERROR;
    if (apdu[4] !== CHANGE_KEY_0_LENGTH || apdu.length < 5 + CHANGE_KEY_0_LENGTH) return SW_LENGTH_ERROR;
    const keyNo = apdu[5]!;
    // this model changes only the key the session was opened with, and only key 0
    if (keyNo !== 0 || session.keyNo !== 0) return SW_PERMISSION_DENIED;
    const encrypted = apdu.subarray(6, 6 + 32);
    const mac = apdu.subarray(6 + 32, 6 + 32 + 8);
    if (!timingSafeEqual(mac, commandMac(session, CMD_CHANGE_KEY, apdu.subarray(5, 6), encrypted))) return SW_INTEGRITY_ERROR;
    const plain = aesCbcDecrypt(session.encKey, encrypted, commandIv(session));
    if (plain[17] !== 0x80 || plain.subarray(18).some((b) => b !== 0)) return SW_INTEGRITY_ERROR;
    this.keys.set(0, Buffer.from(plain.subarray(0, 16)));
    this.keyVersion = plain[16]!;
    return SW_DONE;
  }
}
