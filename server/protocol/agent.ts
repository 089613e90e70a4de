import { z } from 'zod';
import { CardUid, SeatId } from './common';

/** What a seat agent (a reader next to a seat unit) reports and sees. Namespace "/agent". */

export const AgentHandshake = z.object({
  protocol: z.number().int(),
  /** A name for the log and the device overview, e.g. the unit's host name. */
  agentId: z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9._-]+$/),
  /** The seats this agent reads cards for; reports for any other seat are refused. */
  seats: z.array(SeatId).min(1).max(64),
  /** The agent's device credential from pairing (its token file); checked before anything else. */
  token: z.string().max(512).optional(),
});
export type AgentHandshake = z.infer<typeof AgentHandshake>;

export const AgentCredential = z
  .object({
    uid: CardUid,
    atr: z.string().regex(/^([0-9A-Fa-f]{2}){1,33}$/).optional(),
    assurance: z.enum(['uid', 'challenge-response']),
    /** The challenge passed only with the previous master key (a key rotation is under way). */
    previousKey: z.literal(true).optional(),
    /** Why the agent's challenge failed ("wrong-key: …"), for the server's log and the clerk's card registration. */
    authFailure: z.string().max(300).optional(),
  })
  .strict();

export const agentCommands = {
  /** The whole current state of one seat's reader; the server works out what changed. */
  report: {
    request: z
      .object({
        seatId: SeatId,
        reader: z.enum(['connected', 'disconnected']),
        card: AgentCredential.nullable(),
      })
      .strict(),
    response: z.object({}).strict(),
  },
} as const;

export const AgentView = z.object({
  agentId: z.string(),
  seats: z.array(z.object({ id: SeatId, label: z.string() })),
});
export type AgentView = z.infer<typeof AgentView>;
