import type { ItemView } from '../../../server/protocol/views';
import { useT } from '../i18n';
import { DocumentIcon } from '../icons';

export function ItemPanel({ item }: { item: ItemView | null }) {
  const { t } = useT();
  if (!item) {
    return (
      <section className="panel item item--none" aria-labelledby="item-heading">
        <h2 id="item-heading" className="panel__kicker">
          {t('item.heading')}
        </h2>
        <p className="item__none">{t('item.none')}</p>
        <p className="muted">{t('item.noneHint')}</p>
      </section>
    );
  }
  return (
    <section className="panel item" aria-labelledby="item-heading">
      <p className="panel__kicker">
        {t('item.heading')}
        {!item.public && <span className="tag tag--private">{t('item.nonPublic')}</span>}
      </p>
      <h2 id="item-heading" className="item__title">
        {t('item.top', { number: item.number, title: item.title })}
      </h2>
      {item.documentRef && (
        <p className="item__doc">
          <DocumentIcon className="icon" />
          <span className="visually-hidden">{t('item.document')}: </span>
          {item.documentRef}
        </p>
      )}
      {item.motion && (
        <div className="item__motion" tabIndex={0} role="region" aria-label={t('item.motion')}>
          <h3 className="item__motion-label">{t('item.motion')}</h3>
          <p className="item__motion-text">{item.motion}</p>
        </div>
      )}
    </section>
  );
}
