/**
 * Personalisation of NTAG 424 DNA cards: ChangeKey of key 0 in EV2 secure messaging
 * (CommMode.Full) after AuthenticateEV2First with the card's current key 0. Pure apart from
 * node:crypto; the transport is the same `apdu(bytes) -> answer bytes` as for the login challenge.
 *
 * References: NT4H2421Gx datasheet 9.1.7 (session keys), 9.1.4 to 9.1.9 (secure messaging),
 * 10.6.1 (ChangeKey); NXP AN12196, ChangeKey case 2 (key 0 while authenticated with key 0).
 */
import { aesCbcEncrypt, aesCmac, aesEncryptBlock, authenticateEv2FirstExchange, statusWordHex, type ApduTransport, type AuthenticateOptions } from './card-auth';

const BLOCK = 16;
export const CMD_CHANGE_KEY = 0xc4;

/** An EV2 session after AuthenticateEV2First: TI, the session keys and the command counter. */
export interface Ev2Session {
  ti: Buffer;
  encKey: Buffer;
  macKey: Buffer;
  /** Commands sent in this session so far; 0 right after the authentication. */
  cmdCtr: number;
}

/**
 * The session vector SV1 (prefix A5 5A, for SesAuthENCKey) or SV2 (5A A5, for SesAuthMACKey):
 * prefix ‖ 00 01 00 80 ‖ RndA[15..14] ‖ (RndA[13..8] ⊕ RndB[15..10]) ‖ RndB[9..0] ‖ RndA[7..0],
 * byte 15 being the first byte sent.
 */
export function sessionVector(label: 'enc' | 'mac', rndA: Uint8Array, rndB: Uint8Array): Buffer {
  if (rndA.length !== BLOCK || rndB.length !== BLOCK) throw new RangeError('RndA and RndB have 16 bytes');
  const xored = Buffer.alloc(6);
  for (let i = 0; i < 6; i++) xored[i] = rndA[2 + i]! ^ rndB[i]!;
  const prefix = label === 'enc' ? [0xa5, 0x5a] : [0x5a, 0xa5];
  return Buffer.concat([Buffer.from([...prefix, 0x00, 0x01, 0x00, 0x80]), rndA.subarray(0, 2), xored, rndB.subarray(6, 16), rndA.subarray(8, 16)]);
}

/** SesAuthENCKey and SesAuthMACKey: CMAC under the authentication key over SV1 and SV2. */
export function sessionKeys(key: Uint8Array, rndA: Uint8Array, rndB: Uint8Array): { encKey: Buffer; macKey: Buffer } {
  return { encKey: aesCmac(key, sessionVector('enc', rndA, rndB)), macKey: aesCmac(key, sessionVector('mac', rndA, rndB)) };
}

/** AuthenticateEV2First with `key`, and the session it opens (CmdCtr 0). Rejects like authenticateEv2First. */
export async function authenticateSession(apdu: ApduTransport, o: AuthenticateOptions): Promise<Ev2Session> {
  const { ti, rndA, rndB } = await authenticateEv2FirstExchange(apdu, o);
  return { ti, ...sessionKeys(o.key, rndA, rndB), cmdCtr: 0 };
}

/** ISO/IEC 9797-1 padding method 2: 80 then zeros up to the next block; whole blocks get a whole block more. */
export function padM2(data: Uint8Array): Buffer {
  const out = Buffer.alloc((Math.floor(data.length / BLOCK) + 1) * BLOCK);
  out.set(data);
  out[data.length] = 0x80;
  return out;
}

/** The 8-byte MACt: the bytes at odd positions (1, 3, … 15) of the 16-byte CMAC. */
export function truncateMac(mac: Uint8Array): Buffer {
  if (mac.length !== BLOCK) throw new RangeError('a CMAC has 16 bytes');
  return Buffer.from(Array.from({ length: 8 }, (_, i) => mac[2 * i + 1]!));
}

function counterBytes(cmdCtr: number): Buffer {
  if (!Number.isInteger(cmdCtr) || cmdCtr < 0 || cmdCtr > 0xffff) throw new RangeError('CmdCtr is 0 to 65535');
  const b = Buffer.alloc(2);
  b.writeUInt16LE(cmdCtr, 0);
  return b;
}

/** IV for command data: E(SesAuthENCKey, A5 5A ‖ TI ‖ CmdCtr (LSB first) ‖ 00 × 8). */
export function commandIv(session: Pick<Ev2Session, 'ti' | 'encKey' | 'cmdCtr'>): Buffer {
  return aesEncryptBlock(session.encKey, Buffer.concat([Buffer.from([0xa5, 0x5a]), session.ti, counterBytes(session.cmdCtr), Buffer.alloc(8)]));
}

/** MACt of a command: CMAC(SesAuthMACKey, Cmd ‖ CmdCtr ‖ TI ‖ header ‖ data), odd bytes. */
export function commandMac(session: Pick<Ev2Session, 'ti' | 'macKey' | 'cmdCtr'>, cmd: number, header: Uint8Array, data: Uint8Array): Buffer {
  return truncateMac(aesCmac(session.macKey, Buffer.concat([Buffer.from([cmd]), counterBytes(session.cmdCtr), session.ti, header, data])));
}

/**
 * The C-APDU of ChangeKey of key 0 (the key the session was authenticated with), CommMode.Full:
 * 90 C4 00 00 29 ‖ 00 ‖ E(NewKey ‖ KeyVer ‖ 80 00…) ‖ MACt ‖ 00.
 */
export function changeKey0Apdu(session: Ev2Session, newKey: Uint8Array, keyVersion = 0): Buffer {
  if (newKey.length !== BLOCK) throw new RangeError(`an AES-128 key has 16 bytes, got ${newKey.length}`);
  if (!Number.isInteger(keyVersion) || keyVersion < 0 || keyVersion > 0xff) throw new RangeError('the key version is one byte');
  const header = Buffer.from([0x00]);
  const encrypted = aesCbcEncrypt(session.encKey, padM2(Buffer.concat([newKey, Buffer.from([keyVersion])])), commandIv(session));
  const mac = commandMac(session, CMD_CHANGE_KEY, header, encrypted);
  const data = Buffer.concat([header, encrypted, mac]);
  return Buffer.concat([Buffer.from([0x90, CMD_CHANGE_KEY, 0x00, 0x00, data.length]), data, Buffer.from([0x00])]);
}

export type ChangeKeyFailure = 'refused' | 'transport-error';

export class ChangeKeyError extends Error {
  constructor(
    readonly reason: ChangeKeyFailure,
    /** The card's status word, when it answered. */
    readonly sw: number | null,
    detail: string,
  ) {
    super(`${reason}: ${detail}`);
    this.name = 'ChangeKeyError';
  }
}

/**
 * Sends ChangeKey of key 0 and resolves when the card answered 91 00 (the key is replaced; a
 * change of the authentication key ends the session, so the answer carries no MAC). A refusal
 * (any other status word) rejects with reason 'refused': the card changed nothing. A transport
 * failure rejects with 'transport-error': the card's key is then either the old or the new one
 * (ChangeKey is atomic on the card), which only another authentication can tell.
 */
export async function changeKey0(apdu: ApduTransport, session: Ev2Session, newKey: Uint8Array, keyVersion = 0): Promise<void> {
  const command = changeKey0Apdu(session, newKey, keyVersion);
  let answer: Buffer;
  try {
    answer = await apdu(command);
  } catch (err) {
    throw new ChangeKeyError('transport-error', null, err instanceof Error ? err.message : String(err));
  }
  if (answer.length < 2) throw new ChangeKeyError('transport-error', null, `no status word in the answer (${answer.length} bytes)`);
  const sw = answer.readUInt16BE(answer.length - 2);
  // 91 00 means changed (with key 0 there is no MAC to check; the new key's authentication is the check)
  if (sw !== 0x9100) throw new ChangeKeyError('refused', sw, `ChangeKey answered ${statusWordHex(sw)}`);
}
