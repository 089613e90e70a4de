import {
  clockDe,
  dateTimeDe,
  choiceDe,
  ELECTION_MODE_DE,
  electionOptionDe,
  majorityDe,
  OUT_REASON_DE,
  sessionDateDe,
  timeDe,
  voteKindDe,
  VOTING_RIGHT_DE,
  type FormatOptions,
} from './format';
import type { AttendanceSpan, Minutes, MinutesElection, MinutesItem, MinutesRecordNote, MinutesVote } from './schema';

/**
 * The Niederschrift as a neutral list of blocks: the PDF and the DOCX render the same blocks,
 * so the printed minutes and the editable draft say the same thing.
 */
export type Block =
  | { kind: 'title'; text: string; subtitle: string }
  | { kind: 'heading'; level: 1 | 2 | 3; text: string }
  | { kind: 'para'; text: string; emphasis?: 'bold' | 'muted' | 'warning' }
  | { kind: 'fields'; rows: readonly (readonly [string, string])[] }
  | { kind: 'table'; columns: readonly TableColumn[]; rows: readonly (readonly string[])[] }
  | { kind: 'signatures'; placeDate: string; lines: readonly string[] };

export interface TableColumn {
  header: string;
  /** Relative width. */
  width: number;
  align?: 'left' | 'right';
}

export interface MinutesDocument {
  /** Document title for metadata. */
  title: string;
  blocks: Block[];
  /** Printed at the foot of every page. */
  footer: string;
}

export function buildDocument(m: Minutes, o: FormatOptions): MinutesDocument {
  const member = new Map(m.members.map((x) => [x.id, x]));
  const faction = new Map(m.factions.map((f) => [f.id, f]));
  const nameOf = (id: string) => member.get(id)?.name ?? id;
  const factionOf = (id: string) => {
    const fid = member.get(id)?.factionId;
    return fid ? (faction.get(fid)?.shortName ?? fid) : 'fraktionslos';
  };
  const blocks: Block[] = [];
  const t = m.times;

  blocks.push({ kind: 'title', text: 'Niederschrift', subtitle: `über die ${m.session.title} – ${m.body.name}` });
  const interruptions = t.interruptions.length
    ? t.interruptions.map((i) => `${timeDe(i.from, o)}–${i.to ? clockDe(i.to, o) : 'Ende'}${i.reason ? ` (${i.reason})` : ''}`).join('; ')
    : 'keine';
  blocks.push({
    kind: 'fields',
    rows: [
      ['Gremium', m.body.name],
      ['Sitzung', m.session.title],
      ['Datum', sessionDateDe(m.session.date)],
      ['Ort', m.body.place],
      ['Geplanter Beginn', `${m.session.plannedStart} Uhr`],
      ['Beginn', t.openedAt ? clockDe(t.openedAt, o) : t.firstRecordAt ? `${clockDe(t.firstRecordAt, o)} (erste Aufzeichnung)` : '–'],
      ['Unterbrechungen', interruptions],
      ['Ende', t.closedAt ? clockDe(t.closedAt, o) : t.lastRecordAt ? `${clockDe(t.lastRecordAt, o)} (letzte Aufzeichnung)` : '–'],
      ['Gesetzliche Mitgliederzahl', String(m.body.legalMembers)],
    ],
  });

  // --- attendance
  blocks.push({ kind: 'heading', level: 1, text: '1. Anwesenheit' });
  const seen = new Set(m.attendance.map((a) => a.memberId));
  const spanText = (s: AttendanceSpan) => {
    const marks = [s.manualIn ? 'Anmeldung von Hand' : null, s.manualOut ? 'Abmeldung von Hand' : null].filter(Boolean).join(', ');
    return `${timeDe(s.from, o)}–${s.to ? clockDe(s.to, o) : 'Ende'} (Platz ${s.seatLabel})${marks ? ` – ${marks}` : ''}`;
  };
  // late: arrived after the formal opening, or (without one in the log) after the first item was called
  const businessStart = t.openedAt ?? m.items.flatMap((i) => i.calledAt).sort()[0] ?? null;
  const lateAfter = (s: AttendanceSpan) => businessStart !== null && s.from > businessStart;
  const presentRows = m.attendance.map((a) => {
    const x = member.get(a.memberId);
    const first = a.spans[0];
    const lastSpan = a.spans.at(-1);
    const notes = [
      first && lateAfter(first) ? `später gekommen (${clockDe(first.from, o)})` : null,
      lastSpan?.to && t.lastRecordAt && lastSpan.to < t.lastRecordAt ? `früher gegangen (${clockDe(lastSpan.to, o)}${lastSpan.outReason ? `, ${OUT_REASON_DE[lastSpan.outReason] ?? lastSpan.outReason}` : ''})` : null,
      a.spans.some((s) => s.manualIn || s.manualOut) ? 'von Hand erfasst' : null,
    ].filter(Boolean);
    return [nameOf(a.memberId), factionOf(a.memberId), x ? VOTING_RIGHT_DE[x.votingRight] : '', a.spans.map(spanText).join('\n'), notes.join('; ')];
  });
  blocks.push({ kind: 'para', text: `Anwesend waren ${m.attendance.length} von ${m.members.length} Mitgliedern (Zeiten in Ortszeit).` });
  if (presentRows.length) {
    blocks.push({
      kind: 'table',
      columns: [
        { header: 'Name', width: 2.8 },
        { header: 'Fraktion', width: 1.7 },
        { header: 'Stimmrecht', width: 1.7 },
        { header: 'Anwesend', width: 3.6 },
        { header: 'Vermerk', width: 2.6 },
      ],
      rows: presentRows,
    });
  }
  const absent = m.members.filter((x) => !seen.has(x.id));
  blocks.push({ kind: 'heading', level: 3, text: 'Abwesend' });
  blocks.push({ kind: 'para', text: absent.length ? absent.map((x) => `${x.name} (${factionOf(x.id)})`).join(', ') : 'niemand' });

  // --- quorum
  blocks.push({ kind: 'heading', level: 1, text: '2. Beschlussfähigkeit' });
  if (m.quorum.length === 0) blocks.push({ kind: 'para', text: 'Eine Beschlussunfähigkeit wurde nicht festgestellt.' });
  const itemLabel = (id: string | null) => {
    const item = m.items.find((i) => i.id === id);
    return item ? ` während TOP ${item.number}` : '';
  };
  for (const q of m.quorum) {
    const cleared = q.clearedAt ? ` Die Beschlussfähigkeit wurde um ${clockDe(q.clearedAt, o)} wieder festgestellt (${q.clearedPresent ?? '?'} stimmberechtigte Mitglieder anwesend).` : ' Sie wurde bis zum Ende der Aufzeichnung nicht wieder festgestellt.';
    blocks.push({
      kind: 'para',
      text: `Um ${clockDe(q.recordedAt, o)}${itemLabel(q.itemId)} stellte der Vorsitz die Beschlussunfähigkeit fest: ${q.present} stimmberechtigte Mitglieder anwesend, beschlussfähig ab ${q.threshold}.${cleared}`,
    });
  }

  // --- agenda
  blocks.push({ kind: 'heading', level: 1, text: '3. Tagesordnung' });
  for (const item of m.items) blocks.push(...itemBlocks(item, o, nameOf, factionOf, faction));

  if (m.sessionNotes.length) {
    blocks.push({ kind: 'heading', level: 1, text: 'Erklärungen und Vermerke zur Sitzung' });
    for (const n of m.sessionNotes) blocks.push(noteBlock(n, o, nameOf, factionOf));
  }

  if (m.securityNotes.length) {
    blocks.push({ kind: 'heading', level: 1, text: 'Sicherheitsvermerke' });
    blocks.push({
      kind: 'para',
      text: 'Karten, die eine registrierte oder unbekannte Kartennummer zeigten, aber nicht als echt bestätigt werden konnten (Challenge-Response fehlgeschlagen). Die Anmeldung bzw. Registrierung wurde abgelehnt.',
      emphasis: 'warning',
    });
    blocks.push({
      kind: 'table',
      columns: [
        { header: 'Zeit', width: 1.6 },
        { header: 'Platz', width: 1.2 },
        { header: 'Kartennummer', width: 2.6 },
        { header: 'Registriert für', width: 2.6 },
        { header: 'Vorgang', width: 1.8 },
      ],
      rows: m.securityNotes.map((n) => [
        clockDe(n.at, o),
        n.seatLabel ?? '–',
        n.uid,
        n.memberId === null ? 'nicht registriert' : nameOf(n.memberId),
        n.purpose === 'login' ? 'Anmeldung' : 'Kartenregistrierung',
      ]),
    });
  }

  if (m.otherEvents.length) {
    blocks.push({ kind: 'heading', level: 1, text: 'Weitere Einträge im Ereignisprotokoll' });
    blocks.push({
      kind: 'para',
      text: `Das Ereignisprotokoll enthält Einträge, die diese Fassung der Niederschrift nicht darstellt: ${m.otherEvents.map((e) => `${e.type} (${e.count})`).join(', ')}. Sie sind im JSON-Export enthalten.`,
      emphasis: 'warning',
    });
  }

  blocks.push({ kind: 'heading', level: 1, text: 'Prüfsumme des Ereignisprotokolls' });
  blocks.push({
    kind: 'fields',
    rows: [
      ['Einträge', String(m.log.events)],
      ['Letzter Eintrag', `Nr. ${m.log.lastSeq}${t.lastRecordAt ? `, ${dateTimeDe(t.lastRecordAt, o)}` : ''}`],
      ['SHA-256', m.log.finalHash],
    ],
  });
  blocks.push({ kind: 'para', text: 'Diese Prüfsumme verbindet die Niederschrift mit dem Ereignisprotokoll; „npm run verify“ prüft die Kette und gibt sie aus.', emphasis: 'muted' });

  blocks.push({ kind: 'signatures', placeDate: 'Ort, Datum: ______________________________', lines: ['Vorsitz', 'Schriftführung'] });

  return {
    title: `Niederschrift – ${m.session.title} – ${m.body.name}`,
    blocks,
    footer: `${m.body.name} · ${m.session.title} · ${sessionDateDe(m.session.date, false)} · Prüfsumme ${m.log.finalHash.slice(0, 16)}…`,
  };
}

function itemBlocks(
  item: MinutesItem,
  o: FormatOptions,
  nameOf: (id: string) => string,
  factionOf: (id: string) => string,
  faction: ReadonlyMap<string, { shortName: string }>,
): Block[] {
  const out: Block[] = [];
  out.push({ kind: 'heading', level: 2, text: `TOP ${item.number}: ${item.title}${item.public ? '' : ' (nichtöffentlich)'}` });
  const fields: [string, string][] = [];
  if (item.documentRef) fields.push(['Drucksache', item.documentRef]);
  fields.push(['Aufgerufen', item.calledAt.length ? item.calledAt.map((a) => clockDe(a, o)).join(', ') : 'nicht aufgerufen']);
  if (item.motion) fields.push(['Beschlussvorschlag', item.motion]);
  out.push({ kind: 'fields', rows: fields });
  for (const b of item.bias) {
    const lifted = b.to ? `; aufgehoben um ${clockDe(b.to, o)}` : '';
    out.push({ kind: 'para', text: `Wegen Befangenheit ausgeschlossen: ${nameOf(b.memberId)} (${factionOf(b.memberId)}) ab ${clockDe(b.from, o)}${b.reason ? ` – ${b.reason}` : ''}${lifted}.` });
  }
  if (item.speakers.length > 0) {
    const speeches = item.speakers.map(
      (x) =>
        `${nameOf(x.memberId)} (${factionOf(x.memberId)}) ${clockDe(x.from, o)}–${x.to ? clockDe(x.to, o) : 'Ende'}` +
        (x.kind === 'point-of-order' ? ', zur Geschäftsordnung' : ''),
    );
    out.push({ kind: 'para', text: `Wortmeldungen: ${speeches.join('; ')}.` });
  }
  for (const r of item.requestFindings) {
    const kind = r.kind === 'secret' ? 'geheime' : 'namentliche';
    out.push({
      kind: 'para',
      text:
        `Antrag auf ${kind} Abstimmung (${clockDe(r.at, o)}): ${r.supporters} Unterstützende` +
        `${r.required === null ? '' : `, erforderlich ${r.required}`} – ${r.met ? 'Quorum erreicht' : 'Quorum nicht erreicht'}.`,
    });
  }
  if (item.votes.length === 0 && item.elections.length === 0 && item.calledAt.length > 0) out.push({ kind: 'para', text: 'Keine Abstimmung.', emphasis: 'muted' });
  item.votes.forEach((v, i) => out.push(...voteBlocks(v, i + 1, item, o, nameOf, factionOf, faction)));
  for (const e of item.elections) out.push(...electionBlocks(e, o));
  for (const n of item.notes) out.push(noteBlock(n, o, nameOf, factionOf));
  return out;
}

/** A declaration for the record or the clerk's note, word for word; a withdrawn one says when and why. */
function noteBlock(n: MinutesRecordNote, o: FormatOptions, nameOf: (id: string) => string, factionOf: (id: string) => string): Block {
  const head = n.kind === 'declaration' && n.memberId !== null ? `Erklärung zu Protokoll von ${nameOf(n.memberId)} (${factionOf(n.memberId)})` : 'Vermerk der Schriftführung';
  const withdrawn = n.withdrawn ? ` – Zurückgenommen um ${clockDe(n.withdrawn.at, o)}. Grund: ${n.withdrawn.reason}.` : '';
  return { kind: 'para', text: `${head}, ${clockDe(n.at, o)}: „${n.text}“${withdrawn}`, ...(n.withdrawn ? { emphasis: 'muted' as const } : {}) };
}

function electionBlocks(e: MinutesElection, o: FormatOptions): Block[] {
  const out: Block[] = [{ kind: 'heading', level: 3, text: `Wahl: ${e.title}` }];
  const nameOf = (id: string) => electionOptionDe(e, id);
  out.push({
    kind: 'fields',
    rows: [
      ['Art', `${ELECTION_MODE_DE[e.mode]}${e.seats > 1 ? `, ${e.seats} Sitze` : ''}`],
      ['Vorschläge', e.candidates.map((c) => c.name).join(', ') || '–'],
      ['Vorbereitet', clockDe(e.preparedAt, o)],
      ['Widerspruch gegen offene Wahl', e.objections > 0 ? `${e.objections} – daher geheime Wahl` : 'keiner'],
    ],
  });
  for (const r of e.rounds) {
    const counts = Object.entries(r.counts)
      .map(([id, n]) => `${nameOf(id)} ${n}`)
      .join(' · ');
    out.push({
      kind: 'para',
      text:
        `${r.runoff ? 'Stichwahl' : `Wahlgang ${r.round}`} (${r.secret ? 'geheim' : 'offen'}, ${clockDe(r.openedAt, o)}` +
        `${r.closedAt ? `–${clockDe(r.closedAt, o)}` : ', bei Ende der Aufzeichnung noch offen'}): ` +
        `${r.participants} Teilnehmende; ${counts || 'keine Stimmen'}${r.decision ? ` – ${r.decision}` : ''}.`,
    });
  }
  for (const l of e.lots) {
    out.push({
      kind: 'para',
      text:
        `Losentscheid (${clockDe(l.at, o)}, ${l.method === 'system' ? `im System gezogen, Zufallswert ${l.randomValue ?? '–'}` : 'im Saal gezogen'}) ` +
        `zwischen ${l.tied.join(', ')}: ${l.winners.join(', ')}.`,
      emphasis: 'bold',
    });
  }
  if (e.cancelled) out.push({ kind: 'para', text: `Die Wahl wurde um ${clockDe(e.cancelled.at, o)} abgebrochen. Grund: ${e.cancelled.reason}.`, emphasis: 'bold' });
  return out;
}

function voteBlocks(
  v: MinutesVote,
  n: number,
  item: MinutesItem,
  o: FormatOptions,
  nameOf: (id: string) => string,
  factionOf: (id: string) => string,
  faction: ReadonlyMap<string, { shortName: string }>,
): Block[] {
  const out: Block[] = [];
  out.push({ kind: 'heading', level: 3, text: `Abstimmung ${n}: ${v.title}` });
  const fields: [string, string][] = [
    ['Art', voteKindDe(v.kind)],
    ['Erforderliche Mehrheit', majorityDe(v.majority)],
  ];
  if (v.motion && v.motion !== item.motion) fields.push(['Antrag', v.motion]);
  fields.push(['Geöffnet', clockDe(v.openedAt, o)]);
  if (v.repeatOf) fields.push(['Wiederholung', `der abgebrochenen Abstimmung – Grund: ${v.repeatOf.reason}`]);
  for (const i of v.interruptions) {
    fields.push(['Unterbrochen', `${clockDe(i.from, o)}–${i.to ? clockDe(i.to, o) : 'Ende'} (${i.reason})`]);
  }
  if (v.status === 'cancelled') {
    fields.push(['Abgebrochen', v.closedAt ? clockDe(v.closedAt, o) : '–']);
    fields.push(['Grund', v.cancelReason ?? '–']);
    out.push({ kind: 'fields', rows: fields });
    out.push({ kind: 'para', text: `Die Abstimmung wurde abgebrochen und nicht gewertet (${v.participants} Stimmen waren abgegeben).`, emphasis: 'bold' });
    return out;
  }
  if (v.status === 'open' || !v.result) {
    out.push({ kind: 'fields', rows: fields });
    out.push({ kind: 'para', text: 'Die Abstimmung lief bei Ende der Aufzeichnung noch; ein Ergebnis liegt nicht vor.', emphasis: 'warning' });
    return out;
  }
  const r = v.result;
  fields.push(['Geschlossen', v.closedAt ? clockDe(v.closedAt, o) : '–']);
  fields.push(['Stimmen', `Ja ${r.tally.yes} · Nein ${r.tally.no} · Enthaltung ${r.tally.abstain}`]);
  fields.push(['Beteiligung', `${v.participants} von ${r.eligible} Stimmberechtigten; ${r.present} stimmberechtigte Mitglieder anwesend; gesetzliche Mitgliederzahl ${r.legalMembers}`]);
  fields.push(['Erforderlich', `mindestens ${r.neededYes} Ja-Stimmen und mehr Ja- als Nein-Stimmen`]);
  fields.push(['Ergebnis', r.passed ? 'angenommen' : 'abgelehnt']);
  out.push({ kind: 'fields', rows: fields });
  if (v.urnMatches === false) out.push({ kind: 'para', text: 'Achtung: Die Zählung der Urne stimmt nicht mit dem protokollierten Ergebnis überein.', emphasis: 'warning' });
  for (const c of v.corrections) {
    out.push({
      kind: 'para',
      text:
        `Berichtigung vom ${timeDe(c.at, o)} durch ${c.by === 'clerk' ? 'die Schriftführung' : 'die Sitzungsleitung'}: ` +
        `Ja ${c.tally.yes} · Nein ${c.tally.no} · Enthaltung ${c.tally.abstain} – ${c.passed ? 'angenommen' : 'abgelehnt'}. ` +
        `Grund: ${c.reason}. Das ursprünglich festgestellte Ergebnis bleibt oben verzeichnet.`,
      emphasis: 'bold',
    });
  }
  if (r.byFaction?.length) {
    out.push({
      kind: 'table',
      columns: [
        { header: 'Fraktion', width: 4 },
        { header: 'Ja', width: 1, align: 'right' },
        { header: 'Nein', width: 1, align: 'right' },
        { header: 'Enthaltung', width: 1.6, align: 'right' },
      ],
      rows: r.byFaction.map((f) => [f.factionId ? (faction.get(f.factionId)?.shortName ?? f.factionId) : 'fraktionslos', String(f.yes), String(f.no), String(f.abstain)]),
    });
  }
  if (v.named?.length) {
    out.push({ kind: 'para', text: 'Namentliche Abstimmung – Stimmen der Mitglieder:', emphasis: 'bold' });
    out.push({
      kind: 'table',
      columns: [
        { header: 'Name', width: 4 },
        { header: 'Fraktion', width: 1.6 },
        { header: 'Stimme', width: 1.6 },
        { header: 'Vermerk', width: 2 },
      ],
      rows: v.named.map((c) => [nameOf(c.memberId), factionOf(c.memberId), choiceDe(c.choice), c.manual ? 'von Hand erfasst' : '']),
    });
  }
  return out;
}
