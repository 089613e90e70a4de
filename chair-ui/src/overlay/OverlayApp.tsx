import { useEffect } from 'react';
import { majorityLabel, VOTE_KIND_LABELS } from '../../../server/protocol/labels';
import type { DisplayView } from '../../../server/protocol/views';
import { useServerOffset } from '../../../ui-shared/countdown';
import { FactionSwatch } from '../common/FactionSwatch';
import { FloorTimer } from '../common/FloorTimer';
import { TallyBars } from '../common/TallyBars';
import { useConf } from '../conference/useConf';
import { useI18n } from '../i18n';
import { useLive, type LiveConnection } from '../live';
import '../styles/overlay.css';

/**
 * The livestream overlay (an OBS browser source of 1920×1080): transparent everywhere except a
 * lower third with the speaker and a card with the vote. Same view as the display, so the
 * non-public part and secret choices never reach it.
 */
export function OverlayApp({ live }: { live: LiveConnection<'display'> }) {
  const { view } = useLive(live);
  const offsetMs = useServerOffset(view?.serverTime);
  useEffect(() => {
    document.documentElement.classList.add('overlay-page');
    document.title = 'Ratssaal – Overlay';
    return () => document.documentElement.classList.remove('overlay-page');
  }, []);
  return <div className="overlay">{view && <OverlayContent view={view} offsetMs={offsetMs} />}</div>;
}

function OverlayContent({ view, offsetMs }: { view: DisplayView; offsetMs: number }) {
  const { t, pick, lang } = useI18n();
  const c = useConf();
  if (view.lifecycle.status === 'interrupted' || view.lifecycle.status === 'closed') {
    return (
      <div className="ov-third ov-third--notice" data-testid="overlay-notice">
        <p className="ov-third__name">{c(view.lifecycle.status === 'interrupted' ? 'life.displayInterrupted' : 'life.displayClosed')}</p>
      </div>
    );
  }
  if (view.nonPublic) {
    return (
      <div className="ov-third ov-third--notice" data-testid="overlay-notice">
        <p className="ov-third__name">{t('display.nonPublic')}</p>
      </div>
    );
  }
  const floor = view.speakers.floor;
  return (
    <>
      {view.item && (
        <p className="ov-item" data-testid="overlay-item">
          <span className="ov-item__number">{t('display.top', { number: view.item.number })}</span> {view.item.title}
        </p>
      )}
      {view.vote && (
        <section className="ov-card" aria-label={t('display.voteRunning')} data-testid="overlay-vote">
          <p className="ov-card__kind">
            {t('display.voteRunning')} · {pick(VOTE_KIND_LABELS[view.vote.summary.kind])}
          </p>
          <p className="ov-card__title">{view.vote.summary.title}</p>
          <p className="ov-card__count">
            {view.vote.cast} / {view.vote.eligible} {t('display.castUnit')}
          </p>
        </section>
      )}
      {!view.vote && view.result && (
        <section className="ov-card" aria-label={view.result.title} data-testid="overlay-result">
          <p className="ov-card__kind">{pick(VOTE_KIND_LABELS[view.result.kind])}</p>
          <p className="ov-card__title">{view.result.title}</p>
          <p className={`ov-card__verdict ov-card__verdict--${view.result.passed ? 'passed' : 'rejected'}`}>
            {t(view.result.passed ? 'result.passed' : 'result.rejected')}
          </p>
          <TallyBars tally={view.result.tally} className="ov-tally" />
          <p className="ov-card__rule">{t('display.required', { rule: majorityLabel(view.result.required.rule, lang) })}</p>
        </section>
      )}
      {floor && (
        <div className="ov-third" data-testid="overlay-speaker">
          <FactionSwatch color={floor.member.factionColor} />
          <div className="ov-third__text">
            <p className="ov-third__name">{floor.member.name}</p>
            <p className="ov-third__faction">
              {floor.member.factionShort ?? ''}
              {floor.kind === 'point-of-order' ? ` · ${c('floor.pointOfOrder')}` : ''}
            </p>
          </div>
          <FloorTimer floor={floor} offsetMs={offsetMs} className="ov-timer" />
        </div>
      )}
    </>
  );
}
