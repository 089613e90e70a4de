import type { MajorityRule } from '../../../server/protocol/common';
import { requiredMajority } from '../../../server/domain/rules/majority';
import { useI18n } from '../i18n';

/** What a rule means in numbers before the vote; rules on votes cast are only known at the close. */
export function MajorityHint({ rule, legalMembers }: { rule: MajorityRule; legalMembers: number }) {
  const { t } = useI18n();
  let text: string;
  if (rule.kind === 'simple') text = t('majority.hint.simple');
  else if (rule.kind === 'twoThirdsCast') text = t('majority.hint.cast');
  else if (rule.kind === 'absoluteLegal' || rule.kind === 'twoThirdsLegal' || (rule.kind === 'fraction' && rule.base === 'legal')) {
    const needed = requiredMajority(rule, { yes: 0, no: 0, abstain: 0 }, { legalMembers, present: 0 }).neededYes;
    text = t('majority.hint.legal', { n: needed, legal: legalMembers });
  } else text = t('majority.hint.other');
  return <span className="choice__hint">{text}</span>;
}
