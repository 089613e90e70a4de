import type { DisplayElectionView } from '../../../server/protocol/procedure';
import { useI18n } from '../i18n';
import { chairProcText } from '../chair/procedure/text';

/** An election on the public screen: the running round's participation, then counts and result. */
export function DisplayElection({ view }: { view: DisplayElectionView }) {
  const { lang } = useI18n();
  const p = (key: Parameters<typeof chairProcText>[1], params?: Record<string, string | number>) => chairProcText(lang, key, params);
  const { election, round } = view;
  const label = (o: string) => (o === 'no' ? p('no') : o === 'abstain' ? p('abstain') : (election.candidates.find((c) => c.id === o)?.name ?? o));
  const r = election.result;
  return (
    <section className="d-election" aria-label={election.title}>
      <h2 className="d-election__title">{election.title}</h2>
      {round && (
        <p className="d-election__round">
          {p('el.round', { n: round.round })}
          {round.runoff && ` – ${p('el.runoff')}`} · {p('el.cast', { cast: round.cast, eligible: round.eligible })}
        </p>
      )}
      {round?.counts && (
        <table className="d-election__counts">
          <tbody>
            {Object.entries(round.counts).map(([o, n]) => (
              <tr key={o}>
                <th scope="row">{label(o)}</th>
                <td>{n}</td>
                {round.seats && <td>{round.seats[o] ?? ''}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {round?.lot && (
        <p className="d-election__lot">
          {p('el.lot', { method: round.lot.method === 'system' ? p('el.lot.system', { value: round.lot.randomValue ?? '' }) : p('el.lot.physical'), winners: round.lot.winners.map(label).join(', ') })}
        </p>
      )}
      {election.pending?.kind === 'runoff' && <p className="d-election__outcome">{p('el.pendingRunoff', { names: election.pending.candidates.map(label).join(', ') })}</p>}
      {r && (
        <p className="d-election__outcome">
          {r.kind === 'elected' && p('el.result.elected', { name: r.name })}
          {r.kind === 'not-elected' && p('el.result.not-elected')}
          {r.kind === 'joint' && p(r.accepted ? 'el.result.jointYes' : 'el.result.jointNo')}
          {r.kind === 'seats' && p('el.result.seats', { seats: Object.entries(r.seats).map(([id, n]) => `${label(id)} ${n}`).join(' · ') })}
        </p>
      )}
    </section>
  );
}
