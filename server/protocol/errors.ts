import { z } from 'zod';

type Params = Readonly<Record<string, string | number>>;
type Text = (p: Params) => string;
interface ErrorText { de: Text; en: Text }

const s = (v: string | number | undefined): string => (v === undefined ? '?' : String(v));

/**
 * Every refusal the system can give, with its German and English text. Codes are stable
 * (kebab-case): UIs, logs and third-party clients key on them; texts may improve.
 */
export const ERRORS = {
  'validation-failed': { de: (p) => `Ungültige Eingabe: ${s(p.detail)}`, en: (p) => `Invalid input: ${s(p.detail)}` },
  'unknown-command': { de: (p) => `Unbekannter Befehl: ${s(p.name)}`, en: (p) => `Unknown command: ${s(p.name)}` },
  'protocol-version': {
    de: (p) => `Diese Anzeige ist veraltet (Protokoll ${s(p.client)}, Server ${s(p.server)}). Bitte Seite neu laden.`,
    en: (p) => `This screen is out of date (protocol ${s(p.client)}, server ${s(p.server)}). Please reload.`,
  },
  'seat-unknown': { de: (p) => `Platz ${s(p.seat)} ist nicht eingerichtet.`, en: (p) => `Seat ${s(p.seat)} is not configured.` },
  'card-unknown': { de: () => 'Karte nicht registriert.', en: () => 'Card not registered.' },
  'card-in-use-elsewhere': {
    de: (p) => `Diese Karte ist bereits an Platz ${s(p.seat)} angemeldet.`,
    en: (p) => `This card is already logged in at seat ${s(p.seat)}.`,
  },
  'member-at-other-seat': {
    de: (p) => `${s(p.name)} ist bereits an Platz ${s(p.seat)} angemeldet.`,
    en: (p) => `${s(p.name)} is already logged in at seat ${s(p.seat)}.`,
  },
  'seat-occupied': {
    de: (p) => `An diesem Platz ist bereits ${s(p.name)} angemeldet.`,
    en: (p) => `${s(p.name)} is already logged in at this seat.`,
  },
  'not-checked-in': { de: () => 'An diesem Platz ist niemand angemeldet.', en: () => 'Nobody is logged in at this seat.' },
  'member-unknown': { de: (p) => `Unbekanntes Mitglied ${s(p.member)}.`, en: (p) => `Unknown member ${s(p.member)}.` },
  'member-not-present': { de: (p) => `${s(p.name)} ist nicht anwesend.`, en: (p) => `${s(p.name)} is not present.` },
  'item-unknown': { de: (p) => `Unbekannter Tagesordnungspunkt ${s(p.item)}.`, en: (p) => `Unknown agenda item ${s(p.item)}.` },
  'vote-unknown': { de: () => 'Diese Abstimmung gibt es nicht.', en: () => 'This vote does not exist.' },
  'vote-already-open': {
    de: () => 'Es läuft bereits eine Abstimmung. Bitte zuerst schließen.',
    en: () => 'A vote is already open. Close it first.',
  },
  'vote-not-open': { de: () => 'Die Abstimmung ist nicht geöffnet.', en: () => 'The vote is not open.' },
  'no-voting-right': { de: () => 'Kein Stimmrecht.', en: () => 'No voting right.' },
  'advisory-only': { de: () => 'Nur beratende Stimme – kein Stimmrecht.', en: () => 'Advisory voice only – no vote.' },
  'excluded-bias': {
    de: () => 'Wegen Befangenheit von diesem Tagesordnungspunkt ausgeschlossen.',
    en: () => 'Excluded from this agenda item for bias.',
  },
  'secret-ballot-final': {
    de: () => 'In geheimer Abstimmung ist die abgegebene Stimme endgültig.',
    en: () => 'In a secret vote a cast ballot is final.',
  },
  'duplicate-key': { de: () => 'Doppelte Stimmkennung.', en: () => 'Duplicate ballot key.' },
  'quorum-lacking': {
    de: () => 'Die Beschlussunfähigkeit ist festgestellt. Abstimmungen sind erst wieder möglich, wenn die Beschlussfähigkeit festgestellt ist.',
    en: () => 'Lack of quorum has been recorded. Votes are possible again once quorum is recorded.',
  },
  'quorum-lack-already-recorded': {
    de: () => 'Die Beschlussunfähigkeit ist bereits festgestellt.',
    en: () => 'Lack of quorum is already recorded.',
  },
  'quorum-not-recorded-lacking': {
    de: () => 'Es ist keine Beschlussunfähigkeit festgestellt.',
    en: () => 'No lack of quorum is recorded.',
  },
  'quorum-not-restored': {
    de: (p) => `Noch nicht beschlussfähig: ${s(p.present)} anwesend, ${s(p.threshold)} erforderlich.`,
    en: (p) => `Not yet quorate: ${s(p.present)} present, ${s(p.threshold)} required.`,
  },
  'member-already-voted': {
    de: (p) => `${s(p.name)} hat in der laufenden Abstimmung bereits abgestimmt. Abstimmung abbrechen und wiederholen.`,
    en: (p) => `${s(p.name)} has already voted in the open vote. Cancel and repeat the vote.`,
  },
  'bias-unchanged': {
    de: () => 'Befangenheit ist bereits so vermerkt.',
    en: () => 'Bias is already recorded that way.',
  },
  'register-missing': { de: () => 'Es ist kein Register geladen.', en: () => 'No register is loaded.' },
  'register-already-loaded': { de: () => 'Das Register ist bereits geladen.', en: () => 'The register is already loaded.' },
  'reason-required': { de: () => 'Bitte einen Grund angeben.', en: () => 'Please give a reason.' },
  'demo-disabled': {
    de: () => 'Die Demo-Karten sind nur im Demo-Betrieb verfügbar.',
    en: () => 'Demo cards are only available in demo mode.',
  },
  'reader-unknown': { de: (p) => `Kartenleser ${s(p.reader)} ist keinem Platz zugeordnet.`, en: (p) => `Card reader ${s(p.reader)} is not mapped to a seat.` },
  'rate-limited': { de: () => 'Zu viele Anfragen. Bitte kurz warten.', en: () => 'Too many requests. Please wait a moment.' },
  'store-failure': {
    de: () => 'Speichern fehlgeschlagen – die Eingabe wurde NICHT gespeichert. Bitte erneut versuchen.',
    en: () => 'Saving failed – the input was NOT recorded. Please try again.',
  },
  'export-format-unknown': {
    de: (p) => `Unbekanntes Exportformat „${s(p.format)}“. Möglich: ${s(p.formats)}.`,
    en: (p) => `Unknown export format "${s(p.format)}". Possible: ${s(p.formats)}.`,
  },
  'export-failed': {
    de: (p) => `Der Export ist nicht möglich: ${s(p.detail)}`,
    en: (p) => `The export is not possible: ${s(p.detail)}`,
  },
  'internal-error': { de: () => 'Interner Fehler. Die Eingabe wurde nicht gespeichert.', en: () => 'Internal error. The input was not recorded.' },
} as const satisfies Record<string, ErrorText>;

export type ErrorCode = keyof typeof ERRORS;
export const ERROR_CODES = Object.keys(ERRORS) as [ErrorCode, ...ErrorCode[]];

export const ErrorPayload = z.object({
  code: z.enum(ERROR_CODES),
  message: z.object({ de: z.string(), en: z.string() }),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type ErrorPayload = z.infer<typeof ErrorPayload>;

export function errorPayload(code: ErrorCode, params: Params = {}): ErrorPayload {
  const text: ErrorText = ERRORS[code];
  return { code, message: { de: text.de(params), en: text.en(params) }, params: { ...params } };
}
