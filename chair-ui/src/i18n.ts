import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { Bilingual, Lang } from '../../server/protocol/labels';

export type { Lang, Bilingual };

type Params = Readonly<Record<string, string | number>>;

/** German is the default and the reference: every key here must exist in English too. */
const de = {
  'app.name': 'Ratssaal',
  'lang.label': 'Sprache',
  'lang.switchTo': 'Sprache: Deutsch. Auf Englisch umschalten',
  'conn.label': 'Verbindung',
  'conn.connected': 'Verbunden',
  'conn.connecting': 'Verbinde …',
  'conn.disconnected': 'Keine Verbindung',
  'conn.lost': 'Die Verbindung zum Server ist unterbrochen. Es wird automatisch neu verbunden; bis dahin sind die Angaben möglicherweise nicht aktuell.',
  'conn.refused': 'Der Server hat die Verbindung abgelehnt: {message}',
  'conn.waiting': 'Verbinde mit dem Server …',
  'clock.label': 'Uhrzeit',
  'time.clock': '{time} Uhr',
  'dialog.back': 'Zurück',
  'error.timeout': 'Keine Antwort vom Server. Bitte prüfen, ob die Aktion ausgeführt wurde, und sie gegebenenfalls wiederholen.',
  'error.offline': 'Keine Verbindung zum Server – die Aktion wurde nicht gesendet.',
  'error.dismiss': 'Meldung schließen',

  'start.title': 'Ratssaal',
  'start.intro': 'Bitte wählen Sie, was dieses Gerät anzeigen soll.',
  'start.chair': 'Sitzungsleitung',
  'start.chair.desc': 'Tagesordnung, Anwesenheit, Beschlussfähigkeit und Abstimmungen leiten',
  'start.display': 'Saalanzeige',
  'start.display.desc': 'Öffentliche Anzeige für den Saal und den Livestream',
  'start.seat': 'Platz öffnen',
  'start.seat.desc': 'Abstimmungsgerät am Platz eines Ratsmitglieds',
  'start.seat.field': 'Platznummer',
  'start.seat.invalid': 'Bitte eine Platznummer von 1 bis 9999 eingeben.',

  'chair.title': 'Sitzungsleitung',
  'chair.start': 'Beginn {time} Uhr',
  'chair.main': 'Sitzungssteuerung',

  'agenda.heading': 'Tagesordnung',
  'agenda.top': 'TOP {number}',
  'agenda.nonPublic': 'nichtöffentlich',
  'agenda.current': 'aufgerufen',
  'agenda.locked': 'Während einer laufenden Abstimmung kann kein anderer Tagesordnungspunkt aufgerufen werden.',
  'agenda.empty': 'Die Tagesordnung ist leer.',

  'quorum.heading': 'Beschlussfähigkeit',
  'quorum.presentLabel': 'Anwesend (stimmberechtigt)',
  'quorum.presentValue': '{present} von {legal}',
  'quorum.threshold': 'Beschlussfähig ab {threshold}',
  'quorum.ok': 'Beschlussfähig',
  'quorum.warn': 'Nicht beschlussfähig – Warnung',
  'quorum.warnHint': 'Weniger als {threshold} stimmberechtigte Mitglieder anwesend. Abstimmungen bleiben möglich, bis Sie die Beschlussunfähigkeit feststellen.',
  'quorum.lack': 'Beschlussunfähigkeit festgestellt',
  'quorum.lackHint': 'Abstimmungen sind gesperrt, bis die Beschlussfähigkeit wieder festgestellt ist.',
  'quorum.record': 'Beschlussunfähigkeit feststellen',
  'quorum.record.title': 'Beschlussunfähigkeit feststellen?',
  'quorum.record.body': 'Anwesend sind {present} von {legal} Mitgliedern, beschlussfähig ab {threshold}. Nach der Feststellung kann keine Abstimmung geöffnet werden, bis die Beschlussfähigkeit wieder festgestellt ist. Die Feststellung wird in der Niederschrift vermerkt.',
  'quorum.record.confirm': 'Ja, feststellen',
  'quorum.record.cancelsVote': 'Die laufende Abstimmung wird dabei abgebrochen und nicht gewertet.',
  'quorum.clear': 'Beschlussfähigkeit wieder feststellen',
  'quorum.clearHint': 'Möglich, sobald mindestens {threshold} stimmberechtigte Mitglieder anwesend sind.',

  'item.none': 'Kein Tagesordnungspunkt aufgerufen',
  'item.noneHint': 'Bitte in der Tagesordnung einen Punkt aufrufen.',
  'item.motion': 'Beschlussvorschlag',

  'vote.heading': 'Abstimmung',
  'vote.form.heading': 'Abstimmung öffnen',
  'vote.form.another': 'Weitere Abstimmung zu diesem Punkt öffnen',
  'vote.field.title': 'Titel der Abstimmung',
  'vote.field.titleDefault': 'Abstimmung zu TOP {number}: {title}',
  'vote.field.motion': 'Beschlussvorschlag',
  'vote.field.motionHint': 'Wird mit dem Ergebnis in die Niederschrift übernommen.',
  'vote.field.kind': 'Art der Abstimmung',
  'vote.field.majority': 'Erforderliche Mehrheit',
  'vote.kindHint.open': 'Ergebnis mit Aufschlüsselung nach Fraktionen.',
  'vote.kindHint.named': 'Jede Stimme wird mit Namen in der Niederschrift festgehalten und angezeigt.',
  'vote.kindHint.secret': 'Nur das Gesamtergebnis wird gespeichert – keine Zuordnung von Stimmen zu Personen.',
  'majority.hint.simple': 'Mehr Ja- als Nein-Stimmen; Enthaltungen zählen nicht mit.',
  'majority.hint.legal': 'Mindestens {n} Ja-Stimmen (gesetzliche Mitgliederzahl {legal}).',
  'majority.hint.cast': 'Mindestens zwei Drittel der Ja- und Nein-Stimmen; Enthaltungen zählen nicht mit.',
  'majority.hint.other': 'Berechnung beim Schließen der Abstimmung.',
  'vote.submit': 'Abstimmung öffnen',
  'vote.titleRequired': 'Bitte einen Titel eingeben.',
  'vote.blocked': 'Abstimmungen sind gesperrt: Die Beschlussunfähigkeit ist festgestellt.',
  'vote.notQuorate': 'Achtung: Derzeit nicht beschlussfähig ({present} anwesend, {threshold} erforderlich).',
  'vote.running': 'Abstimmung läuft',
  'vote.otherItem': 'Diese Abstimmung gehört zu TOP {number}.',
  'vote.cast': 'Abgegeben: {cast} von {eligible}',
  'vote.progress': 'Abgegebene Stimmen',
  'vote.opened': 'Geöffnet',
  'vote.kind': 'Art',
  'vote.majority': 'Mehrheit',
  'vote.notVoted': 'Noch nicht abgestimmt ({n})',
  'vote.notVoted.none': 'Alle Stimmberechtigten haben abgestimmt.',
  'vote.secretNote': 'Geheime Abstimmung: Es wird nicht angezeigt, wer bereits abgestimmt hat.',
  'vote.close': 'Abstimmung schließen',
  'vote.close.title': 'Abstimmung jetzt schließen?',
  'vote.close.body': '{cast} von {eligible} Stimmen sind abgegeben. Danach kann niemand mehr abstimmen; das Ergebnis wird sofort angezeigt.',
  'vote.close.confirm': 'Ja, jetzt schließen',
  'vote.cancel': 'Abstimmung abbrechen',
  'vote.cancel.title': 'Abstimmung abbrechen?',
  'vote.cancel.body': 'Die abgegebenen Stimmen werden nicht gewertet. Der Abbruch und der Grund werden in der Niederschrift vermerkt.',
  'vote.cancel.reason': 'Grund des Abbruchs (Pflichtangabe)',
  'vote.cancel.confirm': 'Abstimmung abbrechen',
  'vote.reasonRequired': 'Bitte einen Grund angeben.',

  'result.heading': 'Ergebnis',
  'result.passed': 'Angenommen',
  'result.rejected': 'Abgelehnt',
  'result.participants': 'Teilgenommen',
  'result.eligible': 'Stimmberechtigt',
  'result.required': 'Erforderlich',
  'result.neededYes': 'mindestens {n} Ja-Stimmen',
  'result.base': 'Bezugsgröße: {base} ({kind})',
  'result.base.legal': 'gesetzliche Mitgliederzahl',
  'result.base.present': 'anwesende Stimmberechtigte',
  'result.base.cast': 'Ja- und Nein-Stimmen',
  'result.closedAt': 'Geschlossen um {time} Uhr',
  'result.byFaction': 'Nach Fraktionen',
  'result.faction': 'Fraktion',
  'result.named': 'Namentliches Ergebnis',
  'result.individual': 'Einzelstimmen (nur für die Sitzungsleitung sichtbar)',
  'result.name': 'Name',
  'result.choice': 'Stimme',
  'result.secretNote': 'Geheime Abstimmung: Es gibt nur das Gesamtergebnis.',
  'result.cancelled': 'Abgebrochen',
  'result.cancelReason': 'Grund: {reason}',
  'result.latestCancelled': 'Die letzte Abstimmung zu diesem Punkt wurde abgebrochen.',
  'result.cancelledAt': 'Abgebrochen um {time} Uhr',
  'result.unavailable': 'Kein Ergebnis verfügbar.',
  'history.heading': 'Abstimmungen dieser Sitzung',
  'history.empty': 'In dieser Sitzung wurde noch nicht abgestimmt.',

  'att.heading': 'Anwesenheit',
  'att.filter': 'Anzeigen',
  'att.filter.all': 'Alle ({n})',
  'att.filter.present': 'Anwesend ({n})',
  'att.filter.absent': 'Abwesend ({n})',
  'att.search': 'Name oder Fraktion suchen',
  'att.presentSince': 'anwesend seit {time} Uhr',
  'att.absentSince': 'abwesend seit {time} Uhr',
  'att.never': 'nicht erschienen',
  'att.seat': 'Platz {label}',
  'att.advisory': 'beratend',
  'att.noVote': 'ohne Stimmrecht',
  'att.manual': 'manuell',
  'att.mayor': 'Vorsitz',
  'att.officer': 'Verwaltung',
  'att.noFaction': 'fraktionslos',
  'att.biased': 'befangen',
  'att.biasReason': 'Grund: {reason}',
  'att.bias.set': 'Befangen',
  'att.bias.setFor': '{name} bei TOP {number} als befangen vermerken',
  'att.bias.clear': 'Befangenheit aufheben',
  'att.bias.clearFor': 'Befangenheit von {name} bei TOP {number} aufheben',
  'att.bias.title': 'Befangenheit vermerken',
  'att.bias.body': '{name} nimmt an der Beratung und Abstimmung zu TOP {number} nicht teil. Der Vermerk erscheint in der Niederschrift.',
  'att.bias.reason': 'Grund (freiwillig)',
  'att.bias.confirm': 'Als befangen vermerken',
  'att.bias.noItem': 'Befangenheit kann vermerkt werden, sobald ein Tagesordnungspunkt aufgerufen ist.',
  'att.empty': 'Keine passenden Einträge.',
  'att.list': 'Mitglieder',

  'display.top': 'TOP {number}',
  'display.noItem': 'Die Sitzung ist eröffnet',
  'display.noItemIdle': 'Bitte warten Sie auf den nächsten Tagesordnungspunkt.',
  'display.nonPublic': 'Nichtöffentlicher Teil',
  'display.nonPublicHint': 'Die Sitzung wird nichtöffentlich fortgesetzt.',
  'display.quorum': 'Anwesend: {present} von {legal}',
  'display.voteRunning': 'Abstimmung läuft',
  'display.castUnit': 'Stimmen abgegeben',
  'display.required': 'Erforderlich: {rule}',
  'display.participants': 'Teilgenommen: {n}',
  'display.offline': 'Verbindung unterbrochen – Anzeige nicht aktuell',
} as const;

export type MessageKey = keyof typeof de;

const en: Record<MessageKey, string> = {
  'app.name': 'Ratssaal',
  'lang.label': 'Language',
  'lang.switchTo': 'Language: English. Switch to German',
  'conn.label': 'Connection',
  'conn.connected': 'Connected',
  'conn.connecting': 'Connecting …',
  'conn.disconnected': 'Disconnected',
  'conn.lost': 'The connection to the server is lost. Reconnecting automatically; until then the information may be out of date.',
  'conn.refused': 'The server refused the connection: {message}',
  'conn.waiting': 'Connecting to the server …',
  'clock.label': 'Time',
  'time.clock': '{time}',
  'dialog.back': 'Back',
  'error.timeout': 'No answer from the server. Please check whether the action took effect and repeat it if necessary.',
  'error.offline': 'No connection to the server – the action was not sent.',
  'error.dismiss': 'Dismiss message',

  'start.title': 'Ratssaal',
  'start.intro': 'Choose what this device should show.',
  'start.chair': 'Chair console',
  'start.chair.desc': 'Run the agenda, attendance, quorum and votes',
  'start.display': 'Public display',
  'start.display.desc': 'Public screen for the room and the livestream',
  'start.seat': 'Open a seat',
  'start.seat.desc': 'Voting device at a member’s seat',
  'start.seat.field': 'Seat number',
  'start.seat.invalid': 'Please enter a seat number from 1 to 9999.',

  'chair.title': 'Chair console',
  'chair.start': 'Start {time}',
  'chair.main': 'Session control',

  'agenda.heading': 'Agenda',
  'agenda.top': 'Item {number}',
  'agenda.nonPublic': 'non-public',
  'agenda.current': 'current',
  'agenda.locked': 'While a vote is open, no other agenda item can be selected.',
  'agenda.empty': 'The agenda is empty.',

  'quorum.heading': 'Quorum',
  'quorum.presentLabel': 'Present (voting)',
  'quorum.presentValue': '{present} of {legal}',
  'quorum.threshold': 'Quorate from {threshold}',
  'quorum.ok': 'Quorate',
  'quorum.warn': 'Not quorate – warning',
  'quorum.warnHint': 'Fewer than {threshold} voting members present. Votes remain possible until you record the lack of quorum.',
  'quorum.lack': 'Lack of quorum recorded',
  'quorum.lackHint': 'Votes are blocked until quorum is recorded again.',
  'quorum.record': 'Record lack of quorum',
  'quorum.record.title': 'Record lack of quorum?',
  'quorum.record.body': '{present} of {legal} members are present, quorate from {threshold}. Once recorded, no vote can be opened until quorum is recorded again. The record goes into the minutes.',
  'quorum.record.confirm': 'Yes, record it',
  'quorum.record.cancelsVote': 'The open vote is cancelled and not counted.',
  'quorum.clear': 'Record quorum restored',
  'quorum.clearHint': 'Possible once at least {threshold} voting members are present.',

  'item.none': 'No agenda item selected',
  'item.noneHint': 'Please select an item from the agenda.',
  'item.motion': 'Motion',

  'vote.heading': 'Vote',
  'vote.form.heading': 'Open a vote',
  'vote.form.another': 'Open another vote on this item',
  'vote.field.title': 'Title of the vote',
  'vote.field.titleDefault': 'Vote on item {number}: {title}',
  'vote.field.motion': 'Motion',
  'vote.field.motionHint': 'Goes into the minutes together with the result.',
  'vote.field.kind': 'Kind of vote',
  'vote.field.majority': 'Required majority',
  'vote.kindHint.open': 'Result broken down by faction.',
  'vote.kindHint.named': 'Every vote is recorded by name in the minutes and shown.',
  'vote.kindHint.secret': 'Only the total is stored – no link between votes and persons.',
  'majority.hint.simple': 'More yes than no; abstentions do not count.',
  'majority.hint.legal': 'At least {n} yes votes (legal number of members {legal}).',
  'majority.hint.cast': 'At least two thirds of the yes and no votes; abstentions do not count.',
  'majority.hint.other': 'Computed when the vote is closed.',
  'vote.submit': 'Open vote',
  'vote.titleRequired': 'Please enter a title.',
  'vote.blocked': 'Votes are blocked: lack of quorum has been recorded.',
  'vote.notQuorate': 'Warning: currently not quorate ({present} present, {threshold} required).',
  'vote.running': 'Vote in progress',
  'vote.otherItem': 'This vote belongs to item {number}.',
  'vote.cast': 'Cast: {cast} of {eligible}',
  'vote.progress': 'Votes cast',
  'vote.opened': 'Opened',
  'vote.kind': 'Kind',
  'vote.majority': 'Majority',
  'vote.notVoted': 'Not voted yet ({n})',
  'vote.notVoted.none': 'Everyone eligible has voted.',
  'vote.secretNote': 'Secret ballot: who has already voted is not shown.',
  'vote.close': 'Close vote',
  'vote.close.title': 'Close the vote now?',
  'vote.close.body': '{cast} of {eligible} votes are cast. Afterwards nobody can vote any more; the result is shown at once.',
  'vote.close.confirm': 'Yes, close now',
  'vote.cancel': 'Cancel vote',
  'vote.cancel.title': 'Cancel the vote?',
  'vote.cancel.body': 'The votes cast are not counted. The cancellation and its reason go into the minutes.',
  'vote.cancel.reason': 'Reason for cancelling (required)',
  'vote.cancel.confirm': 'Cancel vote',
  'vote.reasonRequired': 'Please give a reason.',

  'result.heading': 'Result',
  'result.passed': 'Passed',
  'result.rejected': 'Rejected',
  'result.participants': 'Took part',
  'result.eligible': 'Eligible',
  'result.required': 'Required',
  'result.neededYes': 'at least {n} yes votes',
  'result.base': 'Base: {base} ({kind})',
  'result.base.legal': 'legal number of members',
  'result.base.present': 'voting members present',
  'result.base.cast': 'yes and no votes',
  'result.closedAt': 'Closed at {time}',
  'result.byFaction': 'By faction',
  'result.faction': 'Faction',
  'result.named': 'Roll-call result',
  'result.individual': 'Individual votes (visible to the chair only)',
  'result.name': 'Name',
  'result.choice': 'Vote',
  'result.secretNote': 'Secret ballot: only the total exists.',
  'result.cancelled': 'Cancelled',
  'result.cancelReason': 'Reason: {reason}',
  'result.latestCancelled': 'The last vote on this item was cancelled.',
  'result.cancelledAt': 'Cancelled at {time}',
  'result.unavailable': 'No result available.',
  'history.heading': 'Votes in this session',
  'history.empty': 'No votes in this session yet.',

  'att.heading': 'Attendance',
  'att.filter': 'Show',
  'att.filter.all': 'All ({n})',
  'att.filter.present': 'Present ({n})',
  'att.filter.absent': 'Absent ({n})',
  'att.search': 'Search name or faction',
  'att.presentSince': 'present since {time}',
  'att.absentSince': 'absent since {time}',
  'att.never': 'not arrived',
  'att.seat': 'Seat {label}',
  'att.advisory': 'advisory',
  'att.noVote': 'no vote',
  'att.manual': 'manual',
  'att.mayor': 'Chair',
  'att.officer': 'Administration',
  'att.noFaction': 'no faction',
  'att.biased': 'biased',
  'att.biasReason': 'Reason: {reason}',
  'att.bias.set': 'Biased',
  'att.bias.setFor': 'Record {name} as biased on item {number}',
  'att.bias.clear': 'Lift bias',
  'att.bias.clearFor': 'Lift the bias of {name} on item {number}',
  'att.bias.title': 'Record bias',
  'att.bias.body': '{name} takes no part in the debate and vote on item {number}. The record goes into the minutes.',
  'att.bias.reason': 'Reason (optional)',
  'att.bias.confirm': 'Record as biased',
  'att.bias.noItem': 'Bias can be recorded once an agenda item is selected.',
  'att.empty': 'No matching entries.',
  'att.list': 'Members',

  'display.top': 'Item {number}',
  'display.noItem': 'The session is open',
  'display.noItemIdle': 'Please wait for the next agenda item.',
  'display.nonPublic': 'Non-public part',
  'display.nonPublicHint': 'The session continues in private.',
  'display.quorum': 'Present: {present} of {legal}',
  'display.voteRunning': 'Vote in progress',
  'display.castUnit': 'votes cast',
  'display.required': 'Required: {rule}',
  'display.participants': 'Took part: {n}',
  'display.offline': 'Connection lost – display not up to date',
};

const MESSAGES: Readonly<Record<Lang, Readonly<Record<MessageKey, string>>>> = { de, en };

export function translate(lang: Lang, key: MessageKey, params?: Params): string {
  const text = MESSAGES[lang][key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: (key: MessageKey, params?: Params) => string;
  /** The current language's text of a bilingual label from the protocol. */
  pick: (text: Bilingual) => string;
}

const STORAGE_KEY = 'ratssaal.lang';

function isLang(v: unknown): v is Lang {
  return v === 'de' || v === 'en';
}

/** ?lang=en in the address wins (for a display without controls), then the saved choice, then German. */
export function initialLang(): Lang {
  const fromQuery = new URLSearchParams(window.location.search).get('lang');
  if (isLang(fromQuery)) return fromQuery;
  try {
    const saved = window.localStorage.getItem(STORAGE_KEY);
    if (isLang(saved)) return saved;
  } catch {
    // storage may be disabled on locked-down kiosks: German then
  }
  return 'de';
}

function i18nFor(lang: Lang, setLang: (lang: Lang) => void): I18n {
  return {
    lang,
    setLang,
    t: (key, params) => translate(lang, key, params),
    pick: (text) => text[lang],
  };
}

export const I18nContext = createContext<I18n>(i18nFor('de', () => undefined));

/** The root's language state: persisted in localStorage and mirrored to <html lang>. */
export function useLangState(): I18n {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // not persisted: the choice holds until reload
    }
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  return useMemo(() => i18nFor(lang, setLang), [lang, setLang]);
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}
