/**
 * Elections of persons (RULES.md §6; GO NRW § 50 (2)). Pure.
 *
 * - Valid votes are the votes for candidates plus "Nein"; abstentions are not valid votes
 *   (they count as present, not toward the majority, as in § 50 (5)).
 * - First round: elected is who has more than half of the valid votes.
 * - Otherwise a runoff ("engere Wahl") between the persons with the two highest numbers of
 *   votes: if two or more share the highest number, they alone go into the runoff; if one has
 *   the highest, everyone who shares the second-highest goes with them (ties for second place
 *   are not cut by lot before the runoff: each of them "reached one of the two highest numbers").
 * - Runoff: most votes win; a tie for the most votes is decided by lot.
 * - With a single candidate there is no runoff: not elected without more than half.
 */

export const NO_OPTION = 'no';
export const ABSTAIN_OPTION = 'abstain';

export type RoundDecision =
  | { kind: 'elected'; candidateId: string }
  | { kind: 'runoff'; candidates: string[] }
  | { kind: 'lot'; candidates: string[] }
  | { kind: 'not-elected' };

export interface RoundResult {
  /** Votes per option id (candidates, and "no"/"abstain" where offered). */
  counts: Record<string, number>;
  valid: number;
  abstentions: number;
  /** Fewest votes that are more than half of the valid votes (first rounds). */
  needed: number | null;
  decision: RoundDecision;
}

/**
 * Evaluates one round. `candidates` are in ballot order; `counts` may omit options nobody chose.
 */
export function evaluateRound(candidates: readonly string[], counts: Readonly<Record<string, number>>, runoff: boolean): RoundResult {
  if (candidates.length === 0) throw new RangeError('a round needs at least one candidate');
  const votesOf = (id: string) => counts[id] ?? 0;
  const no = votesOf(NO_OPTION);
  const abstentions = votesOf(ABSTAIN_OPTION);
  const valid = candidates.reduce((a, c) => a + votesOf(c), 0) + no;
  const full: Record<string, number> = {};
  for (const c of candidates) full[c] = votesOf(c);
  if (NO_OPTION in counts) full[NO_OPTION] = no;
  if (ABSTAIN_OPTION in counts) full[ABSTAIN_OPTION] = abstentions;
  const byVotes = [...new Set(candidates.map(votesOf))].sort((a, b) => b - a);
  const highest = byVotes[0] ?? 0;
  const withVotes = (n: number) => candidates.filter((c) => votesOf(c) === n);

  if (runoff) {
    const top = withVotes(highest);
    const decision: RoundDecision = top.length === 1 ? { kind: 'elected', candidateId: top[0] as string } : { kind: 'lot', candidates: top };
    return { counts: full, valid, abstentions, needed: null, decision };
  }
  const needed = Math.floor(valid / 2) + 1;
  const top = withVotes(highest);
  let decision: RoundDecision;
  if (valid > 0 && top.length === 1 && highest >= needed) decision = { kind: 'elected', candidateId: top[0] as string };
  else if (candidates.length === 1) decision = { kind: 'not-elected' };
  else if (top.length >= 2) decision = { kind: 'runoff', candidates: top };
  else decision = { kind: 'runoff', candidates: [...top, ...withVotes(byVotes[1] ?? 0)] };
  return { counts: full, valid, abstentions, needed, decision };
}

/**
 * Joint list ("einheitlicher Wahlvorschlag", § 50 (3) sentence 1): accepted only unanimously,
 * i.e. with at least one yes and no "Nein"; abstentions do not break unanimity.
 */
export function jointListAccepted(yes: number, no: number): boolean {
  return yes > 0 && no === 0;
}
