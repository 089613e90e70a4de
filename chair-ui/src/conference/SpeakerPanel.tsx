import { useId, useState, type FormEvent } from 'react';
import { formatDuration } from '../../../ui-shared/countdown';
import type { RequestKind } from '../../../server/protocol/conference';
import type { AttendanceRow, ChairView, MemberRef } from '../../../server/protocol/views';
import { useChairAction } from '../chair/context';
import { ErrorAlert } from '../common/ErrorAlert';
import { FactionSwatch } from '../common/FactionSwatch';
import { FloorTimer } from '../common/FloorTimer';
import { useConf } from './useConf';

interface Props {
  speakers: ChairView['speakers'];
  attendance: readonly AttendanceRow[];
  offsetMs: number;
}

function Who({ member }: { member: MemberRef }) {
  return (
    <span className="who">
      <FactionSwatch color={member.factionColor} />
      <span className="who__name">{member.name}</span>
      {member.factionShort && <span className="who__faction">{member.factionShort}</span>}
    </span>
  );
}

/** The list of speakers of the current item: floor, queue, speaking time, statistics. */
export function SpeakerPanel({ speakers, attendance, offsetMs }: Props) {
  const c = useConf();
  const headingId = useId();
  const act = useChairAction();
  const { floor, queue } = speakers;

  if (speakers.itemId === null) {
    return (
      <section className="panel speakers" aria-labelledby={headingId}>
        <h2 id={headingId} className="panel__title">
          {c('floor.heading')}
        </h2>
        <p className="speakers__hint">{c('floor.noItem')}</p>
      </section>
    );
  }

  const ordinary = queue.filter((q) => q.kind === 'ordinary');
  const poo = queue.filter((q) => q.kind === 'point-of-order');
  return (
    <section className="panel speakers" aria-labelledby={headingId}>
      <h2 id={headingId} className="panel__title">
        {c('floor.heading')}
        {speakers.closed && <span className="tag tag--closed">{c('floor.closed')}</span>}
      </h2>

      <div className={`floor${floor ? ' floor--active' : ''}`} aria-live="polite">
        {floor ? (
          <>
            <p className="floor__label">
              {c('floor.speaking')}
              {floor.kind === 'point-of-order' && <span className="tag tag--poo">{c('floor.pointOfOrder')}</span>}
            </p>
            <p className="floor__who" data-testid="floor-speaker">
              <Who member={floor.member} />
            </p>
            <FloorTimer floor={floor} offsetMs={offsetMs} />
            <button type="button" className="btn btn--secondary" disabled={act.busy} onClick={() => void act.run('endFloor', {})}>
              {c('floor.end')}
            </button>
          </>
        ) : (
          <p className="floor__none">{c('floor.nobody')}</p>
        )}
      </div>

      <button
        type="button"
        className="btn btn--primary btn--lg btn--block"
        disabled={act.busy || queue.length === 0}
        onClick={() => void act.run('giveFloor', {})}
      >
        {c('floor.giveNext')}
      </button>
      <ErrorAlert error={act.error} onDismiss={act.clearError} />

      {queue.length === 0 ? (
        <p className="speakers__empty">{c('floor.empty')}</p>
      ) : (
        <ol className="queue" aria-label={c('floor.heading')}>
          {queue.map((q) => {
            const group = q.kind === 'ordinary' ? ordinary : poo;
            const inGroup = group.indexOf(q);
            return (
              <li key={`${q.kind}:${q.member.id}`} className={`queue__row queue__row--${q.kind}`}>
                <span className="queue__pos">{q.position}</span>
                <span className="queue__who">
                  <Who member={q.member} />
                  {q.kind === 'point-of-order' && <span className="tag tag--poo">{c('floor.pointOfOrder')}</span>}
                  {q.byHand && <span className="queue__hand">{c('floor.byHand')}</span>}
                </span>
                <span className="queue__spoken">
                  {c('floor.spokenOnItem', { count: q.onItem.count, time: formatDuration(q.onItem.seconds) })}
                </span>
                <span className="queue__actions">
                  <button
                    type="button"
                    className="btn btn--sm btn--primary"
                    disabled={act.busy}
                    aria-label={`${c('floor.give')}: ${q.member.name}`}
                    onClick={() => void act.run('giveFloor', { memberId: q.member.id })}
                  >
                    {c('floor.give')}
                  </button>
                  <button
                    type="button"
                    className="btn btn--sm btn--ghost"
                    disabled={act.busy || inGroup === 0}
                    aria-label={`${c('floor.up')}: ${q.member.name}`}
                    onClick={() => void act.run('moveFloorRequest', { memberId: q.member.id, kind: q.kind, position: inGroup - 1 })}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    className="btn btn--sm btn--ghost"
                    disabled={act.busy || inGroup === group.length - 1}
                    aria-label={`${c('floor.down')}: ${q.member.name}`}
                    onClick={() => void act.run('moveFloorRequest', { memberId: q.member.id, kind: q.kind, position: inGroup + 1 })}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    className="btn btn--sm btn--danger-outline"
                    disabled={act.busy}
                    aria-label={`${c('floor.remove')}: ${q.member.name}`}
                    onClick={() => void act.run('removeFloorRequest', { memberId: q.member.id, kind: q.kind })}
                  >
                    ✕
                  </button>
                </span>
              </li>
            );
          })}
        </ol>
      )}

      <AddByHand attendance={attendance} />
      <ListSettings speakers={speakers} />
      <SpeakingStats stats={speakers.stats} />
    </section>
  );
}

function AddByHand({ attendance }: { attendance: readonly AttendanceRow[] }) {
  const c = useConf();
  const act = useChairAction();
  const memberField = useId();
  const kindField = useId();
  const present = attendance.filter((a) => a.present);
  const [memberId, setMemberId] = useState('');
  const [kind, setKind] = useState<RequestKind>('ordinary');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (memberId === '') return;
    void act.run('addFloorRequest', { memberId, kind }).then((r) => {
      if (r) setMemberId('');
    });
  };
  return (
    <form className="speakers__add" onSubmit={submit} aria-label={c('floor.add')}>
      <p className="speakers__sub">{c('floor.add')}</p>
      <div className="speakers__add-row">
        <label className="sr-only" htmlFor={memberField}>
          {c('floor.addMember')}
        </label>
        <select id={memberField} value={memberId} onChange={(e) => setMemberId(e.target.value)}>
          <option value="">{c('floor.addMember')} …</option>
          {present.map((a) => (
            <option key={a.member.id} value={a.member.id}>
              {a.member.name}
              {a.member.factionShort ? ` (${a.member.factionShort})` : ''}
            </option>
          ))}
        </select>
        <label className="sr-only" htmlFor={kindField}>
          {c('floor.addKind')}
        </label>
        <select id={kindField} value={kind} onChange={(e) => setKind(e.target.value === 'point-of-order' ? 'point-of-order' : 'ordinary')}>
          <option value="ordinary">{c('seat.request')}</option>
          <option value="point-of-order">{c('floor.pointOfOrder')}</option>
        </select>
        <button type="submit" className="btn btn--secondary" disabled={act.busy || memberId === ''}>
          {c('floor.addSubmit')}
        </button>
      </div>
      <ErrorAlert error={act.error} onDismiss={act.clearError} />
    </form>
  );
}

function ListSettings({ speakers }: { speakers: ChairView['speakers'] }) {
  const c = useConf();
  const act = useChairAction();
  const field = useId();
  const [minutes, setMinutes] = useState(() => String(speakers.limitS / 60));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const m = Number(minutes.replace(',', '.'));
    if (!Number.isFinite(m) || m < 0) return;
    void act.run('setSpeakingTime', { seconds: Math.round(m * 60) });
  };
  return (
    <div className="speakers__settings">
      <form className="speakers__time" onSubmit={submit}>
        <label htmlFor={field}>{c('floor.time')}</label>
        <input id={field} type="number" min={0} max={120} step={0.5} inputMode="decimal" value={minutes} onChange={(e) => setMinutes(e.target.value)} />
        <button type="submit" className="btn btn--secondary" disabled={act.busy}>
          {c('floor.timeSet')}
        </button>
      </form>
      <button
        type="button"
        className="btn btn--secondary"
        disabled={act.busy}
        onClick={() => void act.run(speakers.closed ? 'reopenSpeakerList' : 'closeSpeakerList', {})}
      >
        {c(speakers.closed ? 'floor.reopen' : 'floor.close')}
      </button>
      <ErrorAlert error={act.error} onDismiss={act.clearError} />
    </div>
  );
}

function SpeakingStats({ stats }: { stats: ChairView['speakers']['stats'] }) {
  const c = useConf();
  return (
    <details className="speakers__stats">
      <summary>{c('floor.stats')}</summary>
      {stats.members.length === 0 ? (
        <p>{c('floor.statsNone')}</p>
      ) : (
        <div className="stats">
          <table className="stats__table">
            <caption>{c('floor.statsFactions')}</caption>
            <thead>
              <tr>
                <th scope="col">{c('floor.statsFactions')}</th>
                <th scope="col">{c('floor.statsCount')}</th>
                <th scope="col">{c('floor.statsTime')}</th>
              </tr>
            </thead>
            <tbody>
              {stats.factions.map((f) => (
                <tr key={f.factionId ?? '-'}>
                  <th scope="row">
                    <FactionSwatch color={f.color} /> {f.shortName}
                  </th>
                  <td>{f.count}</td>
                  <td>{formatDuration(f.seconds)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table className="stats__table">
            <caption>{c('floor.statsMembers')}</caption>
            <thead>
              <tr>
                <th scope="col">{c('floor.statsMembers')}</th>
                <th scope="col">{c('floor.statsCount')}</th>
                <th scope="col">{c('floor.statsTime')}</th>
              </tr>
            </thead>
            <tbody>
              {stats.members.map((m) => (
                <tr key={m.member.id}>
                  <th scope="row">
                    <Who member={m.member} />
                  </th>
                  <td>{m.count}</td>
                  <td>{formatDuration(m.seconds)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </details>
  );
}
