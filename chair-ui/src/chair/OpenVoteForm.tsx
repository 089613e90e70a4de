import { useId, useState, type FormEvent } from 'react';
import type { MajorityRule, VoteKind } from '../../../server/protocol/common';
import { MAJORITY_PRESETS, VOTE_KIND_LABELS, majorityLabel } from '../../../server/protocol/labels';
import type { ItemView, QuorumView, VoteSummary } from '../../../server/protocol/views';
import { ErrorAlert } from '../common/ErrorAlert';
import { translate, useI18n } from '../i18n';
import { useChairAction } from './context';
import { MajorityHint } from './MajorityHint';

const KINDS: readonly VoteKind[] = ['open', 'named', 'secret'];
const KIND_HINT = { open: 'vote.kindHint.open', named: 'vote.kindHint.named', secret: 'vote.kindHint.secret' } as const;
const TITLE_MAX = 300;

function sameRule(a: MajorityRule, b: MajorityRule): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function defaultTitle(item: ItemView): string {
  // the title goes into the (German) minutes, whatever language the console shows
  const title = translate('de', 'vote.field.titleDefault', { number: item.number, title: item.title });
  return title.length <= TITLE_MAX ? title : `${title.slice(0, TITLE_MAX - 1)}…`;
}

interface Props {
  item: ItemView;
  quorum: QuorumView;
  legalMembers: number;
  /** A cancelled vote on this item whose settings prefill the form for the repetition. */
  repeatOf: VoteSummary | null;
}

export function OpenVoteForm({ item, quorum, legalMembers, repeatOf }: Props) {
  const { t, lang, pick } = useI18n();
  const ids = { heading: useId(), title: useId(), titleError: useId(), motion: useId(), motionHint: useId(), blocked: useId() };
  const [title, setTitle] = useState(() => repeatOf?.title ?? defaultTitle(item));
  const [motion, setMotion] = useState(() => repeatOf?.motion ?? item.motion ?? '');
  const [kind, setKind] = useState<VoteKind>(() => repeatOf?.kind ?? 'open');
  const [majority, setMajority] = useState<MajorityRule>(() => repeatOf?.majority ?? MAJORITY_PRESETS[0] ?? { kind: 'simple' });
  const [titleMissing, setTitleMissing] = useState(false);
  const open = useChairAction();
  const presets = MAJORITY_PRESETS.some((p) => sameRule(p, majority)) ? MAJORITY_PRESETS : [...MAJORITY_PRESETS, majority];
  const blocked = quorum.lackRecorded;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (title.trim() === '') {
      setTitleMissing(true);
      return;
    }
    const text = motion.trim();
    void open.run('openVote', {
      itemId: item.id,
      title: title.trim(),
      ...(text === '' ? {} : { motion: text }),
      kind,
      majority,
    });
  };

  return (
    <form className="vote-form" onSubmit={submit} noValidate aria-labelledby={ids.heading}>
      <h3 id={ids.heading} className="section-title">
        {t('vote.form.heading')}
      </h3>

      <div className="field">
        <label htmlFor={ids.title}>{t('vote.field.title')}</label>
        <input
          id={ids.title}
          className="input"
          type="text"
          maxLength={TITLE_MAX}
          value={title}
          required
          aria-invalid={titleMissing}
          aria-describedby={titleMissing ? ids.titleError : undefined}
          onChange={(e) => {
            setTitle(e.target.value);
            setTitleMissing(false);
          }}
        />
        {titleMissing && (
          <p id={ids.titleError} className="field__error">
            {t('vote.titleRequired')}
          </p>
        )}
      </div>

      <div className="field">
        <label htmlFor={ids.motion}>{t('vote.field.motion')}</label>
        <textarea
          id={ids.motion}
          className="input"
          rows={4}
          maxLength={5000}
          value={motion}
          aria-describedby={ids.motionHint}
          onChange={(e) => setMotion(e.target.value)}
        />
        <p id={ids.motionHint} className="field__hint">
          {t('vote.field.motionHint')}
        </p>
      </div>

      <div className="vote-form__choices">
        <fieldset className="choice-group">
          <legend>{t('vote.field.kind')}</legend>
          {KINDS.map((k) => (
            <label key={k} className={`choice${kind === k ? ' choice--checked' : ''}`}>
              <input type="radio" name="vote-kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
              <span className="choice__text">
                <span className="choice__label">{pick(VOTE_KIND_LABELS[k])}</span>
                <span className="choice__hint">{t(KIND_HINT[k])}</span>
              </span>
            </label>
          ))}
        </fieldset>

        <fieldset className="choice-group">
          <legend>{t('vote.field.majority')}</legend>
          {presets.map((rule) => {
            const label = majorityLabel(rule, lang);
            const checked = sameRule(rule, majority);
            return (
              <label key={label} className={`choice${checked ? ' choice--checked' : ''}`}>
                <input type="radio" name="vote-majority" value={rule.kind} checked={checked} onChange={() => setMajority(rule)} />
                <span className="choice__text">
                  <span className="choice__label">{label}</span>
                  <MajorityHint rule={rule} legalMembers={legalMembers} />
                </span>
              </label>
            );
          })}
        </fieldset>
      </div>

      {blocked ? (
        <p id={ids.blocked} className="notice notice--danger">
          {t('vote.blocked')}
        </p>
      ) : (
        !quorum.quorate && (
          <p className="notice notice--warning">{t('vote.notQuorate', { present: quorum.present, threshold: quorum.threshold })}</p>
        )
      )}
      <ErrorAlert error={open.error} onDismiss={open.clearError} />
      <div className="vote-form__actions">
        <button
          type="submit"
          className="btn btn--primary btn--xl"
          disabled={blocked || open.busy}
          aria-busy={open.busy}
          aria-describedby={blocked ? ids.blocked : undefined}
        >
          {t('vote.submit')}
        </button>
      </div>
    </form>
  );
}
