import { choiceDe, ELECTION_MODE_DE, electionOptionDe, majorityDe, spreadsheetTime, voteKindDe, type FormatOptions } from './format';
import type { Minutes } from './schema';

/**
 * CSV for spreadsheets as German offices use them: UTF-8 with a byte order mark (so Excel reads
 * umlauts), ";" as separator (what German Excel expects, since "," is the decimal comma), CRLF
 * line ends, times as "12.03.2026 17:05" in the council's zone.
 */
const BOM = '\uFEFF';
const SEP = ';';

/** Quotes where needed; a text that a spreadsheet would run as a formula gets a leading apostrophe. */
export function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'ja' : 'nein';
  let s = value;
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[";\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csv(header: readonly string[], rows: readonly (readonly (string | number | boolean | null)[])[]): Buffer {
  const lines = [header, ...rows].map((r) => r.map(csvCell).join(SEP));
  return Buffer.from(BOM + lines.join('\r\n') + '\r\n', 'utf8');
}

const STATUS_DE = { open: 'läuft', closed: 'abgeschlossen', cancelled: 'abgebrochen' } as const;

/** One row per vote. */
export function renderCsvVotes(m: Minutes, o: FormatOptions): Buffer {
  const rows = m.items.flatMap((item) =>
    item.votes.map((v) => {
      const r = v.result;
      return [
        item.number,
        item.title,
        item.public,
        v.title,
        voteKindDe(v.kind),
        majorityDe(v.majority),
        STATUS_DE[v.status],
        spreadsheetTime(v.openedAt, o),
        v.closedAt ? spreadsheetTime(v.closedAt, o) : null,
        r?.tally.yes ?? null,
        r?.tally.no ?? null,
        r?.tally.abstain ?? null,
        v.status === 'open' && v.kind === 'secret' ? null : v.participants,
        r?.eligible ?? null,
        r?.present ?? null,
        r?.legalMembers ?? null,
        r?.neededYes ?? null,
        r ? (r.passed ? 'angenommen' : 'abgelehnt') : null,
        v.cancelReason,
        v.id,
      ];
    }),
  );
  return csv(
    [
      'TOP', 'Tagesordnungspunkt', 'Öffentlich', 'Abstimmung', 'Art', 'Mehrheit', 'Status', 'Geöffnet', 'Geschlossen',
      'Ja', 'Nein', 'Enthaltung', 'Abgegeben', 'Stimmberechtigt', 'Anwesend', 'Gesetzliche Mitgliederzahl',
      'Erforderliche Ja-Stimmen', 'Ergebnis', 'Abbruchgrund', 'Abstimmungs-ID',
    ],
    rows,
  );
}

/**
 * Elections: one row per round and option (a candidate or list, "Ja", "Nein", "Enthaltung") with
 * its votes and the round's decision; a round still open (no counts yet) is one row without them.
 */
export function renderCsvElections(m: Minutes, o: FormatOptions): Buffer {
  const rows = m.items.flatMap((item) =>
    item.elections.flatMap((e) =>
      e.rounds.flatMap((r) => {
        const head = [
          item.number,
          item.title,
          item.public,
          e.title,
          ELECTION_MODE_DE[e.mode],
          e.seats,
          r.round,
          r.runoff,
          r.secret,
          spreadsheetTime(r.openedAt, o),
          r.closedAt ? spreadsheetTime(r.closedAt, o) : null,
          r.closedAt ? r.participants : null,
        ];
        const tail = [r.decision, e.cancelled?.reason ?? null, e.id];
        const counts = Object.entries(r.counts);
        if (counts.length === 0) return [[...head, null, null, ...tail]];
        return counts.map(([option, votes]) => [...head, electionOptionDe(e, option), votes, ...tail]);
      }),
    ),
  );
  return csv(
    [
      'TOP', 'Tagesordnungspunkt', 'Öffentlich', 'Wahl', 'Art', 'Zu besetzen', 'Wahlgang', 'Stichwahl', 'Geheim', 'Geöffnet',
      'Geschlossen', 'Abgegeben', 'Vorschlag', 'Stimmen', 'Entscheidung', 'Abbruchgrund', 'Wahl-ID',
    ],
    rows,
  );
}

/** Named votes: one row per vote and member. */
export function renderCsvNamed(m: Minutes): Buffer {
  const member = new Map(m.members.map((x) => [x.id, x]));
  const faction = new Map(m.factions.map((f) => [f.id, f]));
  const rows = m.items.flatMap((item) =>
    item.votes.flatMap((v) =>
      (v.named ?? []).map((c) => {
        const x = member.get(c.memberId);
        const f = x?.factionId ? faction.get(x.factionId) : undefined;
        return [item.number, v.title, v.id, c.memberId, x?.name ?? c.memberId, f?.shortName ?? null, choiceDe(c.choice), c.manual];
      }),
    ),
  );
  return csv(['TOP', 'Abstimmung', 'Abstimmungs-ID', 'Mitglieds-ID', 'Name', 'Fraktion', 'Stimme', 'Von Hand erfasst'], rows);
}
