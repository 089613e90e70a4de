import { useT } from '../i18n';

export function Brand() {
  const { t } = useT();
  return (
    <span className="brand">
      <span className="brand__mark" aria-hidden="true" />
      <span className="brand__name">{t('app.name')}</span>
    </span>
  );
}
