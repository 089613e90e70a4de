import { INELIGIBILITY_LABELS } from '../../../server/protocol/labels';
import type { Ineligibility } from '../../../server/protocol/views';
import { useT } from '../i18n';
import { InfoIcon } from '../icons';

export function IneligibleBox({ reason }: { reason: Ineligibility | null }) {
  const { t, pick } = useT();
  return (
    <div className="info-box">
      <InfoIcon className="icon icon--lg" />
      <div>
        <p className="info-box__title">{t('vote.ineligible')}</p>
        {reason && <p className="info-box__text">{pick(INELIGIBILITY_LABELS[reason])}</p>}
      </div>
    </div>
  );
}
