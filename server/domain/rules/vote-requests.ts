/**
 * Thresholds of requests for a named or a secret vote (RULES.md §4; GO NRW § 50 (1)). Pure.
 */

export interface NamedVoteRequestRule {
  /** Met when this many members support it; null: no member count (only a faction). */
  minMembers: number | null;
  /** Met when every present member (with a vote) of one faction supports it. */
  oneFaction: boolean;
}

export interface SecretVoteRequestRule {
  numerator: number;
  denominator: number;
  /** legal: of the legal number of members N; present: of the members present with a vote. */
  base: 'legal' | 'present';
}

export interface RequestThreshold {
  supporters: number;
  /** Members needed (secret, or named with a member count); null: only a faction can meet it. */
  required: number | null;
  /** The faction whose present members all support it (named requests), if any. */
  faction: string | null;
  met: boolean;
}

/** "At least n/d of base" in integers: supporters·d ≥ n·base. */
export function secretThreshold(rule: SecretVoteRequestRule, ctx: { legalMembers: number; present: number }): number {
  const base = rule.base === 'legal' ? ctx.legalMembers : ctx.present;
  return Math.max(1, Math.ceil((rule.numerator * base) / rule.denominator));
}

export function secretRequest(rule: SecretVoteRequestRule, supporters: number, ctx: { legalMembers: number; present: number }): RequestThreshold {
  const required = secretThreshold(rule, ctx);
  return { supporters, required, faction: null, met: supporters >= required };
}

/**
 * @param supporters member ids supporting the request
 * @param factions present members with a vote per faction (faction id -> member ids), register order
 */
export function namedRequest(
  rule: NamedVoteRequestRule,
  supporters: ReadonlySet<string>,
  factions: ReadonlyMap<string, readonly string[]>,
): RequestThreshold {
  const required = rule.minMembers;
  let faction: string | null = null;
  if (rule.oneFaction) {
    for (const [id, present] of factions) {
      if (present.length > 0 && present.every((m) => supporters.has(m))) {
        faction = id;
        break;
      }
    }
  }
  const byCount = required !== null && supporters.size >= required;
  return { supporters: supporters.size, required, faction, met: supporters.size > 0 && (byCount || faction !== null) };
}

/** Secret beats named on the same item (RULES.md §4). */
export function requiredKind(named: boolean, secret: boolean): 'secret' | 'named' | null {
  return secret ? 'secret' : named ? 'named' : null;
}
