import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { DomainError, type Actor, type Command, type CouncilState } from '../domain';
import { electionView } from '../domain/procedure-views';
import type { chairProcedureCommands, seatProcedureCommands } from '../protocol/procedure';
import { lotRandomValue } from '../session/lot';
import type { Committed } from '../session/service';

type Spec = { request: z.ZodType; response: z.ZodType };
type HandlerMap<M extends Record<string, Spec>> = {
  [K in keyof M]: (payload: z.output<M[K]['request']>, seatId: number) => Promise<z.output<M[K]['response']>>;
};
type ChairHandlerMap<M extends Record<string, Spec>> = {
  [K in keyof M]: (payload: z.output<M[K]['request']>) => Promise<z.output<M[K]['response']>>;
};

export interface ProcedureContext {
  state: () => CouncilState;
  submit: (command: Command, actor: Actor) => Promise<Committed>;
  newVoteId: () => string;
}

export function seatProcedureHandlers(ctx: ProcedureContext): HandlerMap<typeof seatProcedureCommands> {
  const seat = (seatId: number): Actor => ({ kind: 'seat', seatId });
  return {
    requestVoteKind: async (p, seatId) => {
      await ctx.submit({ type: 'requestVoteKind', itemId: p.itemId, kind: p.kind, support: p.support, seatId }, seat(seatId));
      return {};
    },
    objectToElection: async (p, seatId) => {
      await ctx.submit({ type: 'objectToElection', electionId: p.electionId, seatId }, seat(seatId));
      return {};
    },
    castElectionBallot: async (p, seatId) => {
      const committed = await ctx.submit({ type: 'castElectionBallot', ...p, seatId }, seat(seatId));
      const first = committed.stored[0];
      const round = ctx.state().procedure.elections.get(p.electionId)?.rounds[p.round - 1];
      if (first) return { electionId: p.electionId, round: p.round, option: round?.secret ? null : p.option, at: first.at, duplicate: false };
      // a retry of a ballot already recorded: answer from the record
      const memberId = round?.keys.get(p.key);
      const option = memberId === undefined ? null : (round?.ballots.get(memberId)?.option ?? null);
      const at = memberId === undefined ? undefined : round?.participants.get(memberId);
      return { electionId: p.electionId, round: p.round, option, at: at ?? new Date().toISOString(), duplicate: true };
    },
  };
}

export function chairProcedureHandlers(ctx: ProcedureContext): ChairHandlerMap<typeof chairProcedureCommands> {
  const chair: Actor = { kind: 'chair' };
  const done = async (command: Command) => {
    await ctx.submit(command, chair);
    return {};
  };
  const election = (id: string) => {
    const e = ctx.state().procedure.elections.get(id);
    if (!e) throw new DomainError('election-unknown');
    return electionView(ctx.state(), e, 'chair');
  };
  return {
    decideVoteKindRequest: (p) => done({ type: 'decideVoteKindRequest', ...p }),
    interruptVote: (p) => done({ type: 'interruptVote', ...p }),
    resumeVote: (p) => done({ type: 'resumeVote', ...p }),
    repeatVote: async (p) => {
      const voteId = ctx.newVoteId();
      await ctx.submit({ type: 'repeatVote', voteId: p.voteId, newVoteId: voteId, reason: p.reason }, chair);
      return { voteId };
    },
    prepareVoteTemplate: async (p) => {
      const templateId = `t-${randomUUID()}`;
      await ctx.submit({ type: 'prepareVoteTemplate', templateId, ...p }, chair);
      return { templateId };
    },
    removeVoteTemplate: (p) => done({ type: 'removeVoteTemplate', ...p }),
    openVoteFromTemplate: async (p) => {
      const voteId = ctx.newVoteId();
      await ctx.submit({ type: 'openVoteFromTemplate', templateId: p.templateId, voteId }, chair);
      return { voteId };
    },
    prepareElection: async (p) => {
      const electionId = `e-${randomUUID()}`;
      await ctx.submit({ type: 'prepareElection', electionId, ...p }, chair);
      return { electionId };
    },
    openElectionRound: async (p) => {
      await ctx.submit({ type: 'openElectionRound', electionId: p.electionId }, chair);
      return { round: ctx.state().procedure.elections.get(p.electionId)?.rounds.length ?? 0 };
    },
    closeElectionRound: async (p) => {
      await ctx.submit({ type: 'closeElectionRound', electionId: p.electionId }, chair);
      return { election: election(p.electionId) };
    },
    drawLot: async (p) => {
      const draw =
        p.method === 'system' ? { method: 'system' as const, randomValue: lotRandomValue() } : { method: 'physical' as const, winners: p.winners ?? [] };
      await ctx.submit({ type: 'drawLot', electionId: p.electionId, draw }, chair);
      return { election: election(p.electionId) };
    },
    cancelElection: (p) => done({ type: 'cancelElection', ...p }),
  };
}
