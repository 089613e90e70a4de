import type { VotingRight } from '../../protocol/common';
import type { Ineligibility } from '../../protocol/views';

export interface EligibilityFacts {
  checkedIn: boolean;
  votingRight: VotingRight;
  excludedForBias: boolean;
}

/** Why a member may not vote on an item right now, or null when they may. */
export function ineligibility(f: EligibilityFacts): Ineligibility | null {
  if (!f.checkedIn) return 'not-checked-in';
  if (f.votingRight === 'advisory') return 'advisory-only';
  if (f.votingRight === 'none') return 'no-voting-right';
  if (f.excludedForBias) return 'excluded-bias';
  return null;
}
