import type { Choice, MajorityRule, Tally, VoteKind } from '../../protocol/common';
import { requiredMajority, type MajorityContext, type Required } from './majority';

export interface FactionCount extends Tally {
  factionId: string | null;
}

/** The result as recorded in VoteClosed: ids only; views resolve names. */
export interface VoteOutcome {
  tally: Tally;
  participants: number;
  eligible: number;
  present: number;
  legalMembers: number;
  required: Required;
  passed: boolean;
  /** Open and named votes; null for secret ones. Sorted by faction order of the register. */
  byFaction: FactionCount[] | null;
  /** Every member's final choice for open and named votes (the record); null for secret ones. */
  choices: { memberId: string; choice: Choice }[] | null;
}

export const emptyTally = (): Tally => ({ yes: 0, no: 0, abstain: 0 });

export function tallyOf(choices: Iterable<Choice>): Tally {
  const t = emptyTally();
  for (const c of choices) t[c] += 1;
  return t;
}

export interface OutcomeInput {
  kind: VoteKind;
  majority: MajorityRule;
  /** Open/named: final choice per member. Secret: ignored (pass an empty map). */
  ballots: ReadonlyMap<string, Choice>;
  /** Secret: the urn's counts. Open/named: ignored. */
  secretTally: Tally;
  participants: number;
  eligible: number;
  context: MajorityContext;
  /** Faction of each member, and the order factions are listed in. */
  factionOf: (memberId: string) => string | null;
  factionOrder: readonly (string | null)[];
}

export function computeOutcome(input: OutcomeInput): VoteOutcome {
  const secret = input.kind === 'secret';
  const tally = secret ? { ...input.secretTally } : tallyOf(input.ballots.values());
  const required = requiredMajority(input.majority, tally, input.context);
  let byFaction: FactionCount[] | null = null;
  let choices: VoteOutcome['choices'] = null;
  if (!secret) {
    const counts = new Map<string | null, FactionCount>();
    for (const f of input.factionOrder) counts.set(f, { factionId: f, ...emptyTally() });
    choices = [];
    for (const [memberId, choice] of input.ballots) {
      const f = input.factionOf(memberId);
      const row = counts.get(f) ?? { factionId: f, ...emptyTally() };
      row[choice] += 1;
      counts.set(f, row);
      choices.push({ memberId, choice });
    }
    // plain code-unit order: the same on every installation, whatever its locale
    choices.sort((a, b) => (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0));
    byFaction = [...counts.values()].filter((r) => r.yes + r.no + r.abstain > 0);
  }
  return {
    tally,
    participants: input.participants,
    eligible: input.eligible,
    present: input.context.present,
    legalMembers: input.context.legalMembers,
    required,
    passed: tally.yes >= required.neededYes,
    byFaction,
    choices,
  };
}
