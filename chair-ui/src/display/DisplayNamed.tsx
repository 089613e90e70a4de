import type { CSSProperties } from 'react';
import { CHOICES } from '../../../server/protocol/common';
import { CHOICE_LABELS } from '../../../server/protocol/labels';
import type { NamedChoice } from '../../../server/protocol/views';
import { FactionSwatch } from '../common/FactionSwatch';
import { useI18n } from '../i18n';

/** The roll call, grouped by choice and flowing through columns so that a whole council fits. */
export function DisplayNamed({ named }: { named: readonly NamedChoice[] }) {
  const { t, pick } = useI18n();
  // about 15 lines fit in a column at full size; larger councils get more columns, then smaller type
  const columns = named.length > 66 ? 4 : 3;
  const scale = Math.min(1, (15 * columns) / (named.length + 6));
  return (
    <section className="d-named" aria-labelledby="d-named-title" style={{ '--named-columns': columns, '--named-scale': scale } as CSSProperties}>
      <h3 id="d-named-title" className="d-named__title">
        {t('result.named')}
      </h3>
      <div className="d-named__flow">
        {CHOICES.map((c) => {
          const members = named.filter((n) => n.choice === c);
          if (members.length === 0) return null;
          return (
            <div key={c} className={`d-named__group d-named__group--${c}`}>
              <h4 className="d-named__head">
                {pick(CHOICE_LABELS[c])} <span className="d-named__count">({members.length})</span>
              </h4>
              <ul className="d-named__list">
                {members.map(({ member }) => (
                  <li key={member.id}>
                    <FactionSwatch color={member.factionColor} />
                    <span className="d-named__name">{member.name}</span>
                    {member.factionShort && <span className="d-named__faction">{member.factionShort}</span>}
                  </li>
                ))}
              </ul>
            </div>
          );
        })}
      </div>
    </section>
  );
}
