/**
 * Cloning-resistant cards: the reader side of AES-128 challenge-response with NTAG 424 DNA /
 * MIFARE DESFire EV2 style cards (AuthenticateEV2First), with a per-card key diversified from
 * one master key (NXP AN10922). Pure apart from node:crypto; the transport is a function
 * `apdu(bytes) -> answer bytes`, so the same code runs over pcsc-lite, a seat agent or a model
 * card in a test.
 */
import { createCipheriv, createDecipheriv, randomBytes, timingSafeEqual } from 'node:crypto';

const BLOCK = 16;
/** The constant R_b of RFC 4493 for 128-bit blocks. */
const RB = 0x87;

function assertKey(key: Uint8Array): void {
  if (key.length !== 16) throw new RangeError(`an AES-128 key has 16 bytes, got ${key.length}`);
}

/** One AES-128 block encryption (the block cipher itself, no mode). */
export function aesEncryptBlock(key: Uint8Array, block: Uint8Array): Buffer {
  assertKey(key);
  if (block.length !== BLOCK) throw new RangeError('an AES block has 16 bytes');
  const c = createCipheriv('aes-128-ecb', key, null);
  c.setAutoPadding(false);
  return Buffer.concat([c.update(block), c.final()]);
}

/** AES-128-CBC with a zero IV and no padding (data is whole blocks), as AuthenticateEV2First uses it. */
export function aesCbcEncrypt(key: Uint8Array, data: Uint8Array, iv: Uint8Array = Buffer.alloc(BLOCK)): Buffer {
  assertKey(key);
  if (data.length % BLOCK !== 0) throw new RangeError('CBC data must be whole 16-byte blocks');
  const c = createCipheriv('aes-128-cbc', key, iv);
  c.setAutoPadding(false);
  return Buffer.concat([c.update(data), c.final()]);
}

export function aesCbcDecrypt(key: Uint8Array, data: Uint8Array, iv: Uint8Array = Buffer.alloc(BLOCK)): Buffer {
  assertKey(key);
  if (data.length % BLOCK !== 0) throw new RangeError('CBC data must be whole 16-byte blocks');
  const d = createDecipheriv('aes-128-cbc', key, iv);
  d.setAutoPadding(false);
  return Buffer.concat([d.update(data), d.final()]);
}

/** Left shift of a 16-byte block by one bit. */
function shiftLeft(block: Buffer): Buffer {
  const out = Buffer.alloc(BLOCK);
  for (let i = 0; i < BLOCK; i++) out[i] = ((block[i]! << 1) | (i + 1 < BLOCK ? block[i + 1]! >> 7 : 0)) & 0xff;
  return out;
}

/** The CMAC subkeys K1 and K2 (RFC 4493, 2.3). */
export function cmacSubkeys(key: Uint8Array): { k1: Buffer; k2: Buffer } {
  const l = aesEncryptBlock(key, Buffer.alloc(BLOCK));
  const k1 = shiftLeft(l);
  if (l[0]! & 0x80) k1[BLOCK - 1]! ^= RB;
  const k2 = shiftLeft(k1);
  if (k1[0]! & 0x80) k2[BLOCK - 1]! ^= RB;
  return { k1, k2 };
}

/**
 * CMAC over `message`, padded (0x80 then zeros, last block masked with K2) up to at least
 * `minLength` bytes. minLength 0 is plain AES-CMAC (RFC 4493); AN10922 pads to 32 bytes.
 */
function cmacPadded(key: Uint8Array, message: Uint8Array, minLength: number): Buffer {
  const { k1, k2 } = cmacSubkeys(key);
  const complete = message.length > 0 && message.length % BLOCK === 0 && message.length >= minLength;
  let padded: Buffer;
  if (complete) {
    padded = Buffer.from(message);
  } else {
    const length = Math.max(minLength, (Math.floor(message.length / BLOCK) + 1) * BLOCK);
    padded = Buffer.alloc(length);
    padded.set(message);
    padded[message.length] = 0x80;
  }
  const last = padded.length - BLOCK;
  const mask = complete ? k1 : k2;
  for (let i = 0; i < BLOCK; i++) padded[last + i]! ^= mask[i]!;
  const mac = aesCbcEncrypt(key, padded);
  return mac.subarray(mac.length - BLOCK);
}

/** AES-CMAC (RFC 4493), 16-byte tag. */
export function aesCmac(key: Uint8Array, message: Uint8Array): Buffer {
  return cmacPadded(key, message, 0);
}

/**
 * AES-128 key diversification after NXP AN10922 (section 2.2): CMAC under the master key over
 * 0x01 ‖ M, where M = UID ‖ AID ‖ system identifier (1 to 31 bytes). The input is always padded
 * to 32 bytes (two blocks); K2 masks the last block when padding was added, K1 when M is 31 bytes.
 */
export function diversifyAes128(masterKey: Uint8Array, uid: Uint8Array, aid: Uint8Array, systemIdentifier: Uint8Array): Buffer {
  const m = Buffer.concat([uid, aid, systemIdentifier]);
  if (m.length < 1 || m.length > 31) throw new RangeError(`the diversification input has 1 to 31 bytes, got ${m.length}`);
  return cmacPadded(masterKey, Buffer.concat([Buffer.from([0x01]), m]), 2 * BLOCK);
}

/** The ISO DF name of the NTAG 424 DNA application (ISO SELECT by name). */
export const NTAG424_DF_NAME = Buffer.from('D2760000850101', 'hex');
/** What Ratssaal puts into the diversification input after the UID: the application, then the system. */
export const RATSSAAL_DIVERSIFICATION_AID = NTAG424_DF_NAME;
export const RATSSAAL_SYSTEM_IDENTIFIER = Buffer.from('Ratssaal', 'ascii');

/** The key a Ratssaal card with this UID carries as its application key (UID as hex). */
export function cardKeyFor(masterKey: Uint8Array, uidHex: string): Buffer {
  const uid = Buffer.from(normalizeUid(uidHex), 'hex');
  return diversifyAes128(masterKey, uid, RATSSAAL_DIVERSIFICATION_AID, RATSSAAL_SYSTEM_IDENTIFIER);
}

export function normalizeUid(uid: string): string {
  const hex = uid.replace(/[\s:]/g, '').toUpperCase();
  if (!/^([0-9A-F]{2}){4,10}$/.test(hex)) throw new RangeError(`a card UID is 4 to 10 bytes of hex, got "${uid}"`);
  return hex;
}

/** Rotates left by one byte (RndA', RndB'). */
export function rotateLeft1(b: Uint8Array): Buffer {
  return Buffer.concat([b.subarray(1), b.subarray(0, 1)]);
}

export type ApduTransport = (command: Buffer) => Promise<Buffer>;

export const SELECT_NTAG424_APPLICATION = Buffer.concat([Buffer.from([0x00, 0xa4, 0x04, 0x0c, NTAG424_DF_NAME.length]), NTAG424_DF_NAME, Buffer.from([0x00])]);

export function authenticateEv2FirstPart1(keyNo: number): Buffer {
  return Buffer.from([0x90, 0x71, 0x00, 0x00, 0x02, keyNo, 0x00, 0x00]);
}

export function authenticateEv2FirstPart2(payload: Buffer): Buffer {
  return Buffer.concat([Buffer.from([0x90, 0xaf, 0x00, 0x00, payload.length]), payload, Buffer.from([0x00])]);
}

/** Why a card did not prove its key. Every reason means: not authenticated. */
export type CardAuthFailure = 'select-refused' | 'auth-refused' | 'bad-answer' | 'wrong-key' | 'timeout' | 'transport-error';

export class CardAuthError extends Error {
  constructor(
    readonly reason: CardAuthFailure,
    detail: string,
  ) {
    super(`${reason}: ${detail}`);
    this.name = 'CardAuthError';
  }
}

function statusOf(answer: Buffer): number {
  return answer.length >= 2 ? answer.readUInt16BE(answer.length - 2) : -1;
}

/** A status word as four hex digits (9100); `missing` when the card gave none (-1). */
export function statusWordHex(sw: number, missing = '----'): string {
  return sw < 0 ? missing : sw.toString(16).toUpperCase().padStart(4, '0');
}

function hexSw(sw: number): string {
  return statusWordHex(sw, 'none');
}

export interface AuthenticateOptions {
  /** The card's own (diversified) key. */
  key: Uint8Array;
  keyNo?: number;
  /** Fresh RndA; only tests pass one. */
  random?: (n: number) => Buffer;
}

/** What a successful AuthenticateEV2First established (the session itself is not used further). */
export interface CardAuthResult {
  /** Transaction identifier chosen by the card. */
  ti: Buffer;
  /** The card proved the key of the previous master key (a key rotation is under way). */
  previousKey?: boolean;
}

/**
 * What both sides know after AuthenticateEV2First: the card's TI and both random numbers, from
 * which the session keys for secure messaging are derived (ntag424-change-key.ts).
 */
export interface CardAuthExchange {
  ti: Buffer;
  rndA: Buffer;
  rndB: Buffer;
}

/**
 * The reader side of AuthenticateEV2First against the NTAG 424 DNA application. Resolves only
 * when the card proved it holds `key` (it decrypted RndB and answered rot1(RndA) under the key);
 * any other answer, status word or length rejects with a CardAuthError.
 */
export async function authenticateEv2First(apdu: ApduTransport, o: AuthenticateOptions): Promise<CardAuthResult> {
  const { ti } = await authenticateEv2FirstExchange(apdu, o);
  return { ti };
}

/**
 * AuthenticateEV2First as authenticateEv2First runs it, resolving with the TI and RndA/RndB as
 * well: what a command in secure messaging after the authentication needs (personalisation).
 */
export async function authenticateEv2FirstExchange(apdu: ApduTransport, o: AuthenticateOptions): Promise<CardAuthExchange> {
  assertKey(o.key);
  const keyNo = o.keyNo ?? 0;
  const random = o.random ?? ((n: number) => randomBytes(n));
  const send = async (command: Buffer): Promise<Buffer> => {
    let answer: Buffer;
    try {
      answer = await apdu(command);
    } catch (err) {
      throw new CardAuthError('transport-error', err instanceof Error ? err.message : String(err));
    }
    // every card answer ends in a status word: nothing at all means the card is gone, not a wrong answer
    if (answer.length < 2) throw new CardAuthError('transport-error', `no status word in the answer (${answer.length} bytes): the card left`);
    return answer;
  };

  const selected = await send(SELECT_NTAG424_APPLICATION);
  if (selected.length !== 2 || statusOf(selected) !== 0x9000) {
    throw new CardAuthError('select-refused', `SELECT of the NTAG 424 DNA application answered ${hexSw(statusOf(selected))} (${selected.length} bytes)`);
  }

  const first = await send(authenticateEv2FirstPart1(keyNo));
  if (statusOf(first) !== 0x91af) throw new CardAuthError('auth-refused', `AuthenticateEV2First answered ${hexSw(statusOf(first))}`);
  if (first.length !== BLOCK + 2) throw new CardAuthError('bad-answer', `E(K, RndB) has ${first.length - 2} bytes, expected 16`);
  const rndB = aesCbcDecrypt(o.key, first.subarray(0, BLOCK));
  const rndA = random(BLOCK);
  if (rndA.length !== BLOCK) throw new RangeError('RndA has 16 bytes');

  const second = await send(authenticateEv2FirstPart2(aesCbcEncrypt(o.key, Buffer.concat([rndA, rotateLeft1(rndB)]))));
  if (statusOf(second) !== 0x9100) throw new CardAuthError('wrong-key', `the card refused RndB' with ${hexSw(statusOf(second))}`);
  if (second.length !== 2 * BLOCK + 2) throw new CardAuthError('bad-answer', `the card's proof has ${second.length - 2} bytes, expected 32`);
  const plain = aesCbcDecrypt(o.key, second.subarray(0, 2 * BLOCK));
  const ti = plain.subarray(0, 4);
  const rndAPrime = plain.subarray(4, 4 + BLOCK);
  if (!timingSafeEqual(rndAPrime, rotateLeft1(rndA))) throw new CardAuthError('wrong-key', "the card's RndA' does not match: it does not hold the key");
  return { ti: Buffer.from(ti), rndA: Buffer.from(rndA), rndB: Buffer.from(rndB) };
}

/** Rejects with a 'timeout' CardAuthError when `work` takes longer than `ms`. */
export function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CardAuthError('timeout', `no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export interface CardAuthenticatorOptions {
  /**
   * During a key rotation: the master key the cards carried before. A card that does not prove
   * the current key gets a second challenge with this one; passing it counts as genuine (its key
   * is still secret), and onPreviousKey is told so that the card is re-personalised.
   */
  previousKey?: Uint8Array | null;
  onPreviousKey?: (uid: string) => void;
}

/** Holds the master key and proves cards against it: what a driver needs to run the challenge. */
export class CardAuthenticator {
  private readonly masterKey: Buffer;
  private readonly previousKey: Buffer | null;

  constructor(
    masterKey: Uint8Array,
    readonly timeoutMs = 2000,
    private readonly o: CardAuthenticatorOptions = {},
  ) {
    assertKey(masterKey);
    this.masterKey = Buffer.from(masterKey);
    if (o.previousKey) assertKey(o.previousKey);
    this.previousKey = o.previousKey ? Buffer.from(o.previousKey) : null;
  }

  /** Whether a previous master key is still accepted (a rotation is under way). */
  get rotating(): boolean {
    return this.previousKey !== null;
  }

  /** The key to write onto the card with this UID (personalisation, the demo's genuine cards). */
  cardKey(uid: string): Buffer {
    return cardKeyFor(this.masterKey, uid);
  }

  /** The key the card with this UID carried under the previous master key; null when no rotation is under way. */
  previousCardKey(uid: string): Buffer | null {
    return this.previousKey ? cardKeyFor(this.previousKey, uid) : null;
  }

  /**
   * Resolves when the card on `apdu` proves the diversified key of `uid` — or, during a rotation,
   * the key of the previous master key (a second challenge from SELECT on, only after the card
   * refused the current key's); rejects with CardAuthError otherwise.
   */
  async verify(apdu: ApduTransport, uid: string): Promise<CardAuthResult> {
    try {
      return await withTimeout(authenticateEv2First(apdu, { key: cardKeyFor(this.masterKey, uid) }), this.timeoutMs);
    } catch (err) {
      if (!this.previousKey || !(err instanceof CardAuthError) || err.reason !== 'wrong-key') throw err;
    }
    const result = await withTimeout(authenticateEv2First(apdu, { key: cardKeyFor(this.previousKey, uid) }), this.timeoutMs);
    this.o.onPreviousKey?.(uid);
    return { ...result, previousKey: true };
  }
}
