import { formatDuration, secondsLeft, secondsSince, useTicker } from '../../../ui-shared/countdown';
import type { FloorView } from '../../../server/protocol/views';
import { useConf } from '../conference/useConf';

/**
 * The speaking-time countdown on the server's clock (offset given by the screen). A timer (its
 * name "Redezeit" is allowed there, not on a plain paragraph); a timer is not read out at every tick.
 */
export function FloorTimer({ floor, offsetMs, className = 'timer' }: { floor: FloorView; offsetMs: number; className?: string }) {
  const c = useConf();
  const now = useTicker(true);
  if (floor.endsAt === null) {
    return (
      <p className={`${className} ${className}--nolimit`} role="timer" aria-label={c('floor.left')}>
        <span className={`${className}__value`}>{formatDuration(secondsSince(floor.since, offsetMs, now))}</span>
        <span className={`${className}__note`}>{c('floor.noLimit')}</span>
      </p>
    );
  }
  const left = secondsLeft(floor.endsAt, offsetMs, now);
  const state = left <= 0 ? 'over' : left <= 30 ? 'low' : 'ok';
  return (
    <p className={`${className} ${className}--${state}`} role="timer" aria-label={c('floor.left')} data-state={state}>
      <span className={`${className}__value`}>{formatDuration(left)}</span>
      {state === 'over' && <span className={`${className}__note`}>{c(floor.atZero === 'mute' ? 'floor.overMuted' : 'floor.over')}</span>}
    </p>
  );
}
