import { deviceText, type DeviceTextKey } from '../../../ui-shared/device-texts';
import type { Params } from '../../../ui-shared/i18n';
import { useI18n } from '../i18n';

/** Texts of pairing, refusals and the PIN screen in the screen's language. */
export function useDeviceText(): (key: DeviceTextKey, params?: Params) => string {
  const { lang } = useI18n();
  return (key, params) => deviceText(lang, key, params);
}
