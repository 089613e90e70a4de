import { Socket } from 'node:net';
import { Ntag424Application } from '../../drivers/card-readers/virtual-ntag424';

/** ATR of a MIFARE Classic 1K in PC/SC Part 3 storage-card form. */
export const ATR_MIFARE_CLASSIC_1K = '3B8F8001804F0CA000000306030001000000006A';
/** ATR of a MIFARE Ultralight (7-byte UID) in PC/SC Part 3 form. */
export const ATR_MIFARE_ULTRALIGHT = '3B8F8001804F0CA0000003060300030000000068';
/** ATR of an ISO 14443-4 card (as a DESFire shows up on a contactless reader): not Part 3. */
export const ATR_ISO14443_4 = '3B8180018080';

export interface VirtualCardOptions {
  /** UID as hex, 4, 7 or 10 bytes. */
  uid: string;
  atr?: string;
  host?: string;
  port: number;
  /**
   * Lies on the reader until removed: when the reader goes away (pcscd restarts, the reader is
   * unplugged) the card is seen again as soon as the reader is back.
   */
  persistent?: boolean;
  /**
   * An NTAG 424 DNA: answers ISO SELECT of its application and AuthenticateEV2First with this
   * AES-128 key 0 (hex). Without it the card has no AES application (a plain UID card or a clone).
   */
  aesKey?: string;
  /** Leaves the reader (drops the connection) instead of answering the first AuthenticateEV2First. */
  leaveOnAuthenticate?: boolean;
}

const SW_OK = Buffer.from([0x90, 0x00]);
const SW_INS_NOT_SUPPORTED = Buffer.from([0x6d, 0x00]);

/**
 * A contactless card on a vsmartcard-vpcd reader slot. vpcd's socket protocol: every message is
 * a 2-byte big-endian length plus payload; a 1-byte payload is a control code (0 power off,
 * 1 power on, 2 reset, 4 send ATR), anything longer an APDU. An open connection is a card
 * lying on the reader; closing it takes the card away.
 */
export class VirtualCard {
  private socket: Socket | null = null;
  private wanted = false;
  private retry: NodeJS.Timeout | null = null;
  private buffer = Buffer.alloc(0);
  readonly uid: Buffer;
  readonly atr: Buffer;
  /** APDUs received, as upper-case hex. */
  readonly apdus: string[] = [];
  /** When each APDU arrived (performance.now(), ms), parallel to apdus. */
  readonly apduTimes: number[] = [];
  private readonly application: Ntag424Application | null;

  constructor(private readonly o: VirtualCardOptions) {
    this.uid = Buffer.from(o.uid, 'hex');
    this.atr = Buffer.from(o.atr ?? ATR_MIFARE_CLASSIC_1K, 'hex');
    this.application = o.aesKey ? new Ntag424Application({ keys: new Map([[0, Buffer.from(o.aesKey, 'hex')]]) }) : null;
  }

  /** The card's key 0 now (hex), which ChangeKey may have replaced; null without the AES application. */
  get aesKey(): string | null {
    return this.application?.key(0)?.toString('hex').toUpperCase() ?? null;
  }

  get present(): boolean {
    return this.socket !== null;
  }

  /** Lays the card on the reader: resolves once vpcd accepted the connection. */
  insert(): Promise<void> {
    this.wanted = true;
    return this.connect();
  }

  private connect(): Promise<void> {
    if (this.socket) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const socket = new Socket();
      socket.setNoDelay(true);
      socket.once('error', reject);
      socket.connect(this.o.port, this.o.host ?? '127.0.0.1', () => {
        socket.off('error', reject);
        socket.on('error', () => socket.destroy());
        socket.on('close', () => {
          if (this.socket !== socket) return;
          this.socket = null;
          this.buffer = Buffer.alloc(0);
          if (this.o.persistent && this.wanted) this.reconnectLater();
        });
        this.socket = socket;
        resolve();
      });
      socket.on('data', (chunk) => this.receive(chunk));
    });
  }

  private reconnectLater(): void {
    if (this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      if (this.wanted && !this.socket) this.connect().catch(() => this.reconnectLater());
    }, 100);
  }

  /** Takes the card away. */
  remove(): Promise<void> {
    this.wanted = false;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    const socket = this.socket;
    if (!socket) return Promise.resolve();
    this.socket = null;
    this.buffer = Buffer.alloc(0);
    return new Promise((resolve) => {
      socket.once('close', () => resolve());
      socket.destroy();
    });
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    while (this.buffer.length >= 2) {
      const len = this.buffer.readUInt16BE(0);
      if (this.buffer.length < 2 + len) return;
      const msg = this.buffer.subarray(2, 2 + len);
      this.buffer = this.buffer.subarray(2 + len);
      const reply = this.answer(msg);
      if (reply) this.send(reply);
    }
  }

  private answer(msg: Buffer): Buffer | null {
    if (msg.length === 1) return msg[0] === 4 ? this.atr : null;
    this.apdus.push(msg.toString('hex').toUpperCase());
    this.apduTimes.push(performance.now());
    // GET DATA (UID), the PC/SC pseudo-APDU a contactless reader answers for every card
    if (msg.length >= 4 && msg[0] === 0xff && msg[1] === 0xca && msg[2] === 0x00) return Buffer.concat([this.uid, SW_OK]);
    if (this.o.leaveOnAuthenticate && msg[0] === 0x90 && msg[1] === 0x71) {
      void this.remove();
      return null;
    }
    // a card without the AES application does not know its DF name
    if (msg[0] === 0x00 && msg[1] === 0xa4) return this.application?.answer(msg) ?? Buffer.from([0x6a, 0x82]);
    return this.application?.answer(msg) ?? SW_INS_NOT_SUPPORTED;
  }

  private send(payload: Buffer): void {
    const head = Buffer.alloc(2);
    head.writeUInt16BE(payload.length, 0);
    this.socket?.write(Buffer.concat([head, payload]));
  }
}
