import { confText, type ConfKey } from '../../../ui-shared/conference-texts';
import type { Params } from '../../../ui-shared/i18n';
import { useI18n } from '../i18n';

/** Texts of the conference parts in the screen's language. */
export function useConf(): (key: ConfKey, params?: Params) => string {
  const { lang } = useI18n();
  return (key, params) => confText(lang, key, params);
}
