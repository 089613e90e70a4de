import type { AttendanceRow, ItemView } from '../../../server/protocol/views';
import { ReasonDialog } from '../common/ReasonDialog';
import { useI18n, type Bilingual } from '../i18n';

interface Props {
  row: AttendanceRow | null;
  item: ItemView | null;
  busy: boolean;
  error: Bilingual | null;
  onConfirm: (reason: string) => void;
  onClose: () => void;
}

export function BiasDialog({ row, item, busy, error, onConfirm, onClose }: Props) {
  const { t } = useI18n();
  const open = row !== null && item !== null;
  return (
    <ReasonDialog
      open={open}
      title={t('att.bias.title')}
      fieldLabel={t('att.bias.reason')}
      required={false}
      confirmLabel={t('att.bias.confirm')}
      busy={busy}
      error={error}
      onConfirm={onConfirm}
      onClose={onClose}
    >
      {row && item && <p>{t('att.bias.body', { name: row.member.name, number: item.number })}</p>}
    </ReasonDialog>
  );
}
