import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { Bilingual, Lang } from '../../server/protocol/labels';

export type { Bilingual, Lang };

type Params = Readonly<Record<string, string | number>>;

/** German is the default and the reference: every key must exist in English too. */
const de = {
  'app.name': 'Ratssaal',
  'app.seatUnit': 'Abstimmungsgerät',
  'seat.label': 'Platz {label}',

  'lang.label': 'Sprache',
  'lang.de': 'Deutsch',
  'lang.en': 'Englisch',

  'conn.label': 'Verbindung',
  'conn.connected': 'Verbunden',
  'conn.connecting': 'Verbinde …',
  'conn.disconnected': 'Getrennt',
  'conn.lost': 'Verbindung getrennt – wird wiederhergestellt …',
  'conn.lostHint': 'Abstimmen ist möglich, sobald die Verbindung wieder steht.',
  'conn.waiting': 'Verbindung zum Server wird hergestellt …',
  'conn.refused': 'Der Server hat die Verbindung abgelehnt',
  'conn.reload': 'Seite neu laden',
  'conn.otherSeat': 'Anderen Platz wählen',

  'notice.close': 'Meldung schließen',

  'picker.title': 'Platz einrichten',
  'picker.intro': 'Bitte die Nummer des Platzes eingeben, an dem dieses Gerät steht.',
  'picker.field': 'Platznummer',
  'picker.submit': 'Platz öffnen',
  'picker.invalid': 'Bitte eine Platznummer von 1 bis 9999 eingeben.',
  'picker.badPath': 'Die Adresse enthält keine gültige Platznummer.',

  'login.heading': 'Anmeldung',
  'login.placeCard': 'Bitte Karte auflegen',
  'login.placeCardHint': 'Legen Sie Ihren Ausweis auf den Kartenleser an Ihrem Platz.',
  'login.as': 'Angemeldet: {name}',
  'login.asFaction': 'Angemeldet: {name} ({faction})',
  'login.advisory': 'Beratende Stimme',
  'login.noVotingRight': 'Kein Stimmrecht',
  'reader.disconnected': 'Kartenleser getrennt',
  'reader.disconnectedHint': 'Bitte wenden Sie sich an die Schriftführung.',

  'item.heading': 'Tagesordnungspunkt',
  'item.top': 'TOP {number}: {title}',
  'item.none': 'Keine Tagesordnung ausgewählt',
  'item.noneHint': 'Die Sitzungsleitung hat noch keinen Tagesordnungspunkt aufgerufen.',
  'item.nonPublic': 'nichtöffentlich',
  'item.motion': 'Beschlussvorschlag',
  'item.document': 'Vorlage',

  'vote.running': 'Abstimmung läuft',
  'vote.choices': 'Ihre Stimme abgeben',
  'vote.sending': 'Wird gespeichert …',
  'vote.saved': 'Ihre Stimme: {choice} — gespeichert',
  'vote.savedSecret': 'Ihre Stimme wurde geheim gespeichert.',
  'vote.canChange': 'Sie können Ihre Stimme bis zum Ende der Abstimmung ändern.',
  'vote.secretFinal': 'Geheime Abstimmung: Die abgegebene Stimme ist endgültig.',
  'vote.waitResult': 'Das Ergebnis erscheint hier, sobald die Abstimmung geschlossen ist.',
  'vote.notVoted': 'Sie haben noch nicht abgestimmt.',
  'vote.yourChoice': 'Ihre Stimme',
  'vote.retry': 'Erneut versuchen',
  'vote.timeout': 'Keine Antwort vom Server – Stimme nicht bestätigt',
  'vote.offline': 'Keine Verbindung – die Stimme wurde nicht gesendet.',
  'vote.ineligible': 'Keine Stimmabgabe an diesem Platz',
  'vote.confirmTitle': 'Stimme „{choice}“ endgültig abgeben?',
  'vote.confirmBody': 'In geheimer Abstimmung kann die Stimme nicht geändert werden.',
  'vote.confirm': 'Endgültig abgeben',
  'vote.back': 'Zurück',
  'vote.idle': 'Derzeit keine Abstimmung',
  'vote.idleHint': 'Sobald die Sitzungsleitung eine Abstimmung öffnet, erscheinen hier die Schaltflächen.',

  'result.heading': 'Ergebnis',
  'result.passed': 'Angenommen',
  'result.rejected': 'Abgelehnt',
  'result.counts': 'Stimmen',
  'result.participants': 'Teilgenommen',
  'result.participantsOf': '{n} von {eligible} Stimmberechtigten',
  'result.required': '{rule} – erforderlich: mindestens {n} Ja-Stimmen',
  'result.requiredOne': '{rule} – erforderlich: mindestens 1 Ja-Stimme',
  'result.byFaction': 'Nach Fraktionen',
  'result.faction': 'Fraktion',
  'result.named': 'Namentliche Stimmabgabe',
  'result.member': 'Mitglied',
  'result.choice': 'Stimme',
  'result.noFaction': 'fraktionslos',
  'result.closedAt': 'Geschlossen um {time} Uhr',
  'result.closedLabel': 'Geschlossen',
  'result.requiredLabel': 'Erforderliche Mehrheit',

  'demo.label': 'DEMO – simulierter Kartenleser',
  'demo.hint': 'Nur im Demo-Betrieb: ersetzt den Kartenleser an diesem Platz.',
  'demo.card': 'Karte wählen',
  'demo.placeholder': '– bitte wählen –',
  'demo.tap': 'Karte auflegen',
  'demo.remove': 'Karte entfernen',
  'demo.loading': 'Karten werden geladen …',
  'demo.reload': 'Kartenliste neu laden',
  'demo.timeout': 'Keine Antwort vom Server.',
  'demo.offline': 'Keine Verbindung zum Server.',
} as const;

export type MessageKey = keyof typeof de;

const en: Readonly<Record<MessageKey, string>> = {
  'app.name': 'Ratssaal',
  'app.seatUnit': 'Voting unit',
  'seat.label': 'Seat {label}',

  'lang.label': 'Language',
  'lang.de': 'German',
  'lang.en': 'English',

  'conn.label': 'Connection',
  'conn.connected': 'Connected',
  'conn.connecting': 'Connecting …',
  'conn.disconnected': 'Disconnected',
  'conn.lost': 'Connection lost – reconnecting …',
  'conn.lostHint': 'Voting is possible again as soon as the connection is back.',
  'conn.waiting': 'Connecting to the server …',
  'conn.refused': 'The server refused the connection',
  'conn.reload': 'Reload page',
  'conn.otherSeat': 'Choose another seat',

  'notice.close': 'Close message',

  'picker.title': 'Set up seat',
  'picker.intro': 'Please enter the number of the seat this device is placed at.',
  'picker.field': 'Seat number',
  'picker.submit': 'Open seat',
  'picker.invalid': 'Please enter a seat number from 1 to 9999.',
  'picker.badPath': 'The address does not contain a valid seat number.',

  'login.heading': 'Login',
  'login.placeCard': 'Please place your card',
  'login.placeCardHint': 'Place your ID card on the card reader at your seat.',
  'login.as': 'Logged in: {name}',
  'login.asFaction': 'Logged in: {name} ({faction})',
  'login.advisory': 'Advisory voice',
  'login.noVotingRight': 'No voting right',
  'reader.disconnected': 'Card reader disconnected',
  'reader.disconnectedHint': 'Please contact the clerk.',

  'item.heading': 'Agenda item',
  'item.top': 'Item {number}: {title}',
  'item.none': 'No agenda item selected',
  'item.noneHint': 'The chair has not called an agenda item yet.',
  'item.nonPublic': 'non-public',
  'item.motion': 'Proposed resolution',
  'item.document': 'Document',

  'vote.running': 'Vote in progress',
  'vote.choices': 'Cast your vote',
  'vote.sending': 'Saving …',
  'vote.saved': 'Your vote: {choice} — saved',
  'vote.savedSecret': 'Your vote was saved secretly.',
  'vote.canChange': 'You can change your vote until the vote is closed.',
  'vote.secretFinal': 'Secret ballot: a cast vote is final.',
  'vote.waitResult': 'The result appears here as soon as the vote is closed.',
  'vote.notVoted': 'You have not voted yet.',
  'vote.yourChoice': 'Your vote',
  'vote.retry': 'Try again',
  'vote.timeout': 'No answer from the server – vote not confirmed',
  'vote.offline': 'No connection – the vote was not sent.',
  'vote.ineligible': 'No vote at this seat',
  'vote.confirmTitle': 'Cast “{choice}” as your final vote?',
  'vote.confirmBody': 'In a secret ballot the vote cannot be changed.',
  'vote.confirm': 'Cast final vote',
  'vote.back': 'Back',
  'vote.idle': 'No vote at the moment',
  'vote.idleHint': 'The buttons appear here as soon as the chair opens a vote.',

  'result.heading': 'Result',
  'result.passed': 'Passed',
  'result.rejected': 'Rejected',
  'result.counts': 'Votes',
  'result.participants': 'Took part',
  'result.participantsOf': '{n} of {eligible} eligible members',
  'result.required': '{rule} – required: at least {n} yes votes',
  'result.requiredOne': '{rule} – required: at least 1 yes vote',
  'result.byFaction': 'By group',
  'result.faction': 'Group',
  'result.named': 'Roll call',
  'result.member': 'Member',
  'result.choice': 'Vote',
  'result.noFaction': 'no group',
  'result.closedAt': 'Closed at {time}',
  'result.closedLabel': 'Closed',
  'result.requiredLabel': 'Required majority',

  'demo.label': 'DEMO – simulated card reader',
  'demo.hint': 'Demo mode only: stands in for the card reader at this seat.',
  'demo.card': 'Choose card',
  'demo.placeholder': '– please choose –',
  'demo.tap': 'Place card',
  'demo.remove': 'Remove card',
  'demo.loading': 'Loading cards …',
  'demo.reload': 'Reload card list',
  'demo.timeout': 'No answer from the server.',
  'demo.offline': 'No connection to the server.',
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
  /** The current language's text of a bilingual label or message from the protocol. */
  pick: (text: Bilingual) => string;
  /** BCP 47 locale for Intl formatting. */
  locale: string;
}

export const LANGS: readonly Lang[] = ['de', 'en'];
const STORAGE_KEY = 'ratssaal.seat.lang';

function isLang(v: unknown): v is Lang {
  return v === 'de' || v === 'en';
}

function initialLang(): Lang {
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
    locale: lang === 'de' ? 'de-DE' : 'en-GB',
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
    document.title = `${translate(lang, 'app.name')} – ${translate(lang, 'app.seatUnit')}`;
  }, [lang]);
  return useMemo(() => i18nFor(lang, setLang), [lang, setLang]);
}

export function useT(): I18n {
  return useContext(I18nContext);
}
