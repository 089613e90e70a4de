/** RULES.md §1: quorate when more than half of the legal number of members is present. */
export function quorumThreshold(legalMembers: number): number {
  return Math.floor(legalMembers / 2) + 1;
}

export interface Quorum {
  legalMembers: number;
  present: number;
  threshold: number;
  quorate: boolean;
  lackRecorded: boolean;
}

/**
 * `present` counts members with full voting right only (advisory voices do not count).
 * The body counts as quorate until the chair records the lack; the live count only warns.
 */
export function quorum(legalMembers: number, present: number, lackRecorded: boolean): Quorum {
  const threshold = quorumThreshold(legalMembers);
  return { legalMembers, present, threshold, quorate: present >= threshold, lackRecorded };
}

/** Votes are blocked only while a recorded lack of quorum stands. */
export function votesBlockedByQuorum(q: Quorum): boolean {
  return q.lackRecorded;
}
