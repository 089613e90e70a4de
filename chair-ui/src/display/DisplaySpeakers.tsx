import type { PublicSpeakersView } from '../../../server/protocol/views';
import { FactionSwatch } from '../common/FactionSwatch';
import { FloorTimer } from '../common/FloorTimer';
import { useConf } from '../conference/useConf';

/** Current speaker with the countdown, and the next speakers. */
export function DisplaySpeakers({ speakers, offsetMs }: { speakers: PublicSpeakersView; offsetMs: number }) {
  const c = useConf();
  const { floor, next } = speakers;
  if (!floor && next.length === 0 && !speakers.closed) return null;
  return (
    <section className="d-speakers" aria-label={c('floor.heading')}>
      <div className="d-floor">
        {floor ? (
          <>
            <p className="d-floor__label">
              {c('floor.speaking')}
              {floor.kind === 'point-of-order' && <span className="d-tag">{c('floor.pointOfOrder')}</span>}
            </p>
            <p className="d-floor__name" data-testid="display-speaker">
              <FactionSwatch color={floor.member.factionColor} />
              {floor.member.name}
            </p>
            {floor.member.factionShort && <p className="d-floor__faction">{floor.member.factionShort}</p>}
            <FloorTimer floor={floor} offsetMs={offsetMs} className="d-timer" />
          </>
        ) : (
          <p className="d-floor__label">{c('floor.nobody')}</p>
        )}
      </div>
      <div className="d-next">
        <p className="d-next__label">
          {c('floor.next')}
          {speakers.closed && <span className="d-tag">{c('floor.closed')}</span>}
        </p>
        {next.length === 0 ? (
          <p className="d-next__empty">{c('floor.empty')}</p>
        ) : (
          <ol className="d-next__list">
            {next.map((n) => (
              <li key={`${n.kind}:${n.member.id}`} className={`d-next__row d-next__row--${n.kind}`}>
                <span className="d-next__pos">{n.position}</span>
                <FactionSwatch color={n.member.factionColor} />
                <span className="d-next__name">{n.member.name}</span>
                {n.member.factionShort && <span className="d-next__faction">{n.member.factionShort}</span>}
                {n.kind === 'point-of-order' && <span className="d-tag">{c('floor.pointOfOrderShort')}</span>}
              </li>
            ))}
          </ol>
        )}
      </div>
    </section>
  );
}
