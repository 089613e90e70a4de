import { useId } from 'react';
import type { MicsView } from '../../../server/protocol/conference';
import { useChairAction } from '../chair/context';
import { ErrorAlert } from '../common/ErrorAlert';
import { useConf } from './useConf';

/** Which microphones are open (as the microphone driver reports them); the chair's own mic. */
export function MicPanel({ mics }: { mics: MicsView }) {
  const c = useConf();
  const headingId = useId();
  const act = useChairAction();
  const open = mics.units.filter((u) => u.on && !u.chair);
  const waiting = mics.units.filter((u) => u.lamp === 'waiting');
  const chairOn = mics.units.some((u) => u.on && u.chair);
  return (
    <section className="panel mics" aria-labelledby={headingId}>
      <h2 id={headingId} className="panel__title">
        {c('mic.heading')}
      </h2>
      <p className="mics__mode">
        {c(`mic.mode.${mics.mode}`)} · {c('mic.max', { n: mics.maxOpen })}
      </p>
      <p className="mics__open" role="status" data-testid="mics-open">
        {open.length === 0 ? c('mic.none') : c('mic.open', { list: open.map((u) => u.label).join(', ') })}
      </p>
      {waiting.length > 0 && <p className="mics__waiting">{c('mic.waiting', { list: waiting.map((u) => u.label).join(', ') })}</p>}
      <button
        type="button"
        className={`btn btn--block ${chairOn ? 'btn--danger-outline' : 'btn--secondary'}`}
        aria-pressed={chairOn}
        disabled={act.busy}
        onClick={() => void act.run('chairMic', { on: !chairOn })}
      >
        {c(chairOn ? 'mic.chairOn' : 'mic.chairOff')}
      </button>
      <ErrorAlert error={act.error} onDismiss={act.clearError} />
    </section>
  );
}
