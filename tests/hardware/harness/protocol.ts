/** Messages between a test (outside) and the bench process inside the private namespaces. */
import { z } from 'zod';

const Reader = z.number().int().min(0).max(15);
const Hex = z.string().regex(/^([0-9A-F]{2})+$/);

export const BenchRequest = z.discriminatedUnion('op', [
  z.object({
    op: z.literal('insert'),
    reader: Reader,
    uid: Hex,
    atr: Hex.optional(),
    /** An NTAG 424 DNA with this AES key 0; without it the card has no AES application. */
    aesKey: Hex.optional(),
    /** The card leaves the reader when the challenge starts. */
    leaveOnAuthenticate: z.boolean().optional(),
  }),
  z.object({ op: z.literal('remove'), reader: Reader }),
  /** The APDUs the card on this reader received so far (hex). */
  z.object({ op: z.literal('apdus'), reader: Reader }),
  /**
   * Runs `npm run cards -- personalise`'s function inside the bench (where pcscd is) on this
   * reader, with the server's master key file as the new key and optionally an old one.
   */
  z.object({ op: z.literal('personalise'), reader: Reader, count: z.number().int().min(1), fromKeyFile: z.string().optional() }),
  /** Stops pcscd and starts it again with only the vpcd entries not listed in `without`. */
  z.object({ op: z.literal('restartPcscd'), without: z.array(z.number().int().min(0).max(7)) }),
  z.object({ op: z.literal('serverLog') }),
  z.object({ op: z.literal('stop') }),
]);
export type BenchRequest = z.infer<typeof BenchRequest>;
export const BenchEnvelope = z.object({ id: z.number().int() }).loose();

export type BenchReply = { id: number; ok: true; data?: unknown } | { id: number; ok: false; error: string };

export type BenchMessage = { type: 'ready'; readers: string[] } | { type: 'reply'; reply: BenchReply } | { type: 'fatal'; error: string };

/** Two readers (slots) per vpcd entry; at most 16 readers per pcscd. */
export const VPCD_ENTRIES = 8;
export const READERS = VPCD_ENTRIES * 2;
export const VPCD_BASE_PORT = 35_100;

export function readerName(index: number): string {
  return `Ratssaal Bench ${Math.floor(index / 2)} 00 0${index % 2}`;
}

export function readerPort(index: number): number {
  return VPCD_BASE_PORT + index;
}
