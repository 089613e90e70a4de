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
  'card-revoked': {
    de: () => 'Karte gesperrt. Bitte an die Schriftführung wenden.',
    en: () => 'Card revoked. Please contact the clerk.',
  },
  'card-registered-to-other': {
    de: (p) => `Diese Karte ist bereits ${s(p.name)} zugeordnet und wurde nicht registriert.`,
    en: (p) => `This card already belongs to ${s(p.name)} and was not registered.`,
  },
  'card-already-registered': {
    de: () => 'Diese Karte ist diesem Mitglied bereits zugeordnet.',
    en: () => 'This card is already registered to this member.',
  },
  'card-mode-active': {
    de: (p) => `Es wartet bereits eine Kartenregistrierung für ${s(p.name)}.`,
    en: (p) => `A card registration for ${s(p.name)} is already waiting.`,
  },
  'card-mode-inactive': { de: () => 'Es wartet keine Kartenregistrierung.', en: () => 'No card registration is waiting.' },
  'card-not-genuine': {
    de: () => 'Karte konnte nicht als echt bestätigt werden. Bitte die eigene Ratskarte auflegen oder die Schriftführung ansprechen.',
    en: () => 'The card could not be confirmed as genuine. Please use your own council card or ask the clerk.',
  },
  'card-setup-interrupted': {
    de: () => 'Die Karte wurde abgenommen, bevor sie eingerichtet war. Nichts wurde registriert. Bitte die Karte erneut auflegen und liegen lassen, bis die Meldung erscheint.',
    en: () => 'The card was taken away before it was set up. Nothing was registered. Please place the card again and leave it until the message appears.',
  },
  'card-setup-elsewhere': {
    de: () => 'An diesem Kartenleser kann der Server den Schlüssel der Karte nicht schreiben. Nichts wurde geändert. Bitte die Karte auf einen Kartenleser am Server legen (z. B. am Platz der Schriftführung).',
    en: () => 'The server cannot write the card\'s key at this reader. Nothing was changed. Please place the card on a reader at the server (e.g. at the clerk\'s desk).',
  },
  'card-setup-refused': {
    de: (p) => `Die Karte hat das Einrichten abgelehnt (${s(p.sw)}). Nichts wurde registriert. Bitte die Karte erneut auflegen.`,
    en: (p) => `The card refused to be set up (${s(p.sw)}). Nothing was registered. Please place the card again.`,
  },
  'card-setup-unverified': {
    de: () => 'Der Schlüssel wurde auf die Karte geschrieben, die Prüfung ist nicht abgeschlossen. Nichts wurde registriert. Bitte die Karte erneut auflegen.',
    en: () => 'The key was written onto the card, but the check did not finish. Nothing was registered. Please place the card again.',
  },
  'card-key-missing': {
    de: () => 'Für die Kartenprüfung (Challenge-Response) ist auf dem Server kein Kartenschlüssel eingerichtet.',
    en: () => 'No card master key is set up on the server for card authentication (challenge-response).',
  },
  'member-inactive': {
    de: (p) => `${s(p.name)} gehört dem Gremium zum Sitzungstag nicht an.`,
    en: (p) => `${s(p.name)} is not a member of the body on the session date.`,
  },
  'member-exists': { de: (p) => `Mitglied ${s(p.member)} gibt es bereits.`, en: (p) => `Member ${s(p.member)} already exists.` },
  'faction-exists': { de: (p) => `Fraktion ${s(p.faction)} gibt es bereits.`, en: (p) => `Faction ${s(p.faction)} already exists.` },
  'faction-unknown': { de: (p) => `Unbekannte Fraktion ${s(p.faction)}.`, en: (p) => `Unknown faction ${s(p.faction)}.` },
  'faction-short-name-taken': {
    de: (p) => `Die Kurzbezeichnung ${s(p.short)} ist bereits vergeben.`,
    en: (p) => `The short name ${s(p.short)} is already taken.`,
  },
  'seat-exists': { de: (p) => `Platz ${s(p.seat)} gibt es bereits.`, en: (p) => `Seat ${s(p.seat)} already exists.` },
  'mayor-exists': {
    de: () => 'Es kann nur eine Bürgermeisterin oder einen Bürgermeister geben.',
    en: () => 'There can be only one mayor.',
  },
  'legal-members-exceeded': {
    de: (p) => `${s(p.voting)} Mitglieder mit vollem Stimmrecht übersteigen die gesetzliche Mitgliederzahl ${s(p.legal)}.`,
    en: (p) => `${s(p.voting)} members with full voting right exceed the legal number of members ${s(p.legal)}.`,
  },
  'register-vote-open': {
    de: () => 'Während einer laufenden Abstimmung kann das Register nicht geändert werden.',
    en: () => 'The register cannot be changed while a vote is open.',
  },
  'import-empty': { de: () => 'Die Importdatei enthält keine Zeilen.', en: () => 'The import file contains no rows.' },
  'import-invalid': {
    de: (p) => `Import abgelehnt: ${s(p.count)} fehlerhafte Zeile(n). Es wurde nichts übernommen.`,
    en: (p) => `Import refused: ${s(p.count)} invalid row(s). Nothing was imported.`,
  },
  'manual-secret-refused': {
    de: () =>
      'In geheimer Abstimmung kann keine Stimme von Hand erfasst werden – das Wahlgeheimnis wäre verletzt. Abstimmung abbrechen und wiederholen.',
    en: () => 'A secret ballot cannot be entered by hand – that would break ballot secrecy. Cancel and repeat the vote.',
  },
  'vote-not-closed': { de: () => 'Die Abstimmung ist nicht abgeschlossen.', en: () => 'The vote is not closed.' },
  'correction-unchanged': {
    de: () => 'Die Korrektur entspricht dem geltenden Ergebnis.',
    en: () => 'The correction equals the current result.',
  },
  'correction-exceeds-eligible': {
    de: (p) => `${s(p.counted)} Stimmen sind mehr als die ${s(p.eligible)} Stimmberechtigten.`,
    en: (p) => `${s(p.counted)} votes are more than the ${s(p.eligible)} eligible members.`,
  },
  'no-item-selected': { de: () => 'Es ist kein Tagesordnungspunkt aufgerufen.', en: () => 'No agenda item is called.' },
  'speaker-list-closed': { de: () => 'Die Redeliste ist geschlossen.', en: () => 'The list of speakers is closed.' },
  'speaker-list-open': { de: () => 'Die Redeliste ist bereits offen.', en: () => 'The list of speakers is already open.' },
  'speaker-list-empty': { de: () => 'Es liegen keine Wortmeldungen vor.', en: () => 'There are no requests to speak.' },
  'floor-already-requested': {
    de: (p) => `${s(p.name)} hat sich bereits zu Wort gemeldet.`,
    en: (p) => `${s(p.name)} has already asked to speak.`,
  },
  'floor-request-unknown': { de: () => 'Diese Wortmeldung liegt nicht vor.', en: () => 'There is no such request to speak.' },
  'floor-already-given': { de: () => 'Dieses Mitglied hat bereits das Wort.', en: () => 'This member already has the floor.' },
  'floor-not-given': { de: () => 'Niemand hat das Wort.', en: () => 'Nobody has the floor.' },
  'session-interrupted': {
    de: () => 'Die Sitzung ist unterbrochen. Bitte zuerst fortsetzen.',
    en: () => 'The session is interrupted. Resume it first.',
  },
  'session-closed': { de: () => 'Die Sitzung ist geschlossen.', en: () => 'The session is closed.' },
  'session-state': {
    de: (p) => `Das ist im Sitzungsstand „${s(p.status)}“ nicht möglich.`,
    en: (p) => `Not possible while the session is "${s(p.status)}".`,
  },
  'mic-chair-controlled': {
    de: () => 'Die Mikrofone schaltet die Sitzungsleitung. Bitte zu Wort melden.',
    en: () => 'The chair switches the microphones. Please ask for the floor.',
  },
  'mics-disabled': { de: () => 'Es ist keine Mikrofonanlage angeschlossen.', en: () => 'No microphone system is connected.' },
  'agenda-number-taken': {
    de: (p) => `Die Nummer „${s(p.number)}“ ist in der Tagesordnung schon vergeben.`,
    en: (p) => `The number "${s(p.number)}" is already used in the agenda.`,
  },
  'agenda-item-in-use': {
    de: () => 'Dieser Tagesordnungspunkt wurde schon aufgerufen oder hat Abstimmungen, Wortmeldungen, Befangenheiten oder Erklärungen zu Protokoll. Er kann nicht gestrichen werden.',
    en: () => 'This agenda item has been called or has votes, requests to speak, bias records or declarations for the record. It cannot be removed.',
  },
  'agenda-in-use': {
    de: () => 'Die Tagesordnung ist schon in Gebrauch (Punkte aufgerufen, Abstimmungen). Ein Import würde sie ersetzen und ist nicht mehr möglich.',
    en: () => 'The agenda is already in use (items called, votes). An import would replace it and is no longer possible.',
  },
  'agenda-empty': { de: () => 'Die Tagesordnung darf nicht leer sein.', en: () => 'The agenda must not be empty.' },
  'register-missing': { de: () => 'Es ist kein Register geladen.', en: () => 'No register is loaded.' },
  'register-already-loaded': { de: () => 'Das Register ist bereits geladen.', en: () => 'The register is already loaded.' },
  'reason-required': { de: () => 'Bitte einen Grund angeben.', en: () => 'Please give a reason.' },
  'note-text-required': { de: () => 'Bitte den Wortlaut angeben.', en: () => 'Please enter the wording.' },
  'note-member-required': {
    de: () => 'Eine Erklärung zu Protokoll braucht das Mitglied, das sie abgibt.',
    en: () => 'A declaration for the record needs the member who makes it.',
  },
  'note-member-not-allowed': {
    de: () => 'Ein Vermerk der Schriftführung nennt kein Mitglied als Urheber; für eine Erklärung eines Mitglieds „Erklärung zu Protokoll“ wählen.',
    en: () => "A clerk's note names no member as its author; for a member's statement choose \"declaration for the record\".",
  },
  'note-exists': { de: () => 'Diesen Eintrag gibt es schon.', en: () => 'This entry already exists.' },
  'note-unknown': { de: () => 'Diesen Eintrag zu Protokoll gibt es nicht.', en: () => 'There is no such entry for the record.' },
  'note-withdrawn': { de: () => 'Dieser Eintrag ist bereits zurückgenommen.', en: () => 'This entry has already been withdrawn.' },
  'vote-kind-required': {
    de: (p) => `Auf Antrag muss diese Abstimmung ${p.kind === 'secret' ? 'geheim' : 'namentlich'} erfolgen.`,
    en: (p) => `Upon request this vote must be ${p.kind === 'secret' ? 'secret' : 'named'}.`,
  },
  'request-unchanged': { de: () => 'Ihr Antrag ist bereits so vermerkt.', en: () => 'Your request is already recorded that way.' },
  'request-no-supporters': { de: () => 'Diesen Antrag unterstützt niemand.', en: () => 'Nobody supports this request.' },
  'vote-interrupted': {
    de: () => 'Die Abstimmung ist unterbrochen. Bitte warten, bis sie fortgesetzt wird.',
    en: () => 'The vote is interrupted. Please wait until it resumes.',
  },
  'vote-not-interrupted': { de: () => 'Die Abstimmung ist nicht unterbrochen.', en: () => 'The vote is not interrupted.' },
  'vote-already-interrupted': { de: () => 'Die Abstimmung ist bereits unterbrochen.', en: () => 'The vote is already interrupted.' },
  'template-unknown': { de: () => 'Diese Abstimmungsvorlage gibt es nicht.', en: () => 'This vote template does not exist.' },
  'election-unknown': { de: () => 'Diese Wahl gibt es nicht.', en: () => 'This election does not exist.' },
  'election-busy': {
    de: () => 'Es läuft bereits eine Abstimmung oder ein Wahlgang. Bitte zuerst schließen.',
    en: () => 'A vote or an election round is already open. Close it first.',
  },
  'election-not-prepared': {
    de: () => 'Einspruch ist nur möglich, solange die Wahl vorbereitet wird.',
    en: () => 'Objections are only possible while the election is being prepared.',
  },
  'election-objection-unchanged': { de: () => 'Ihr Einspruch ist bereits vermerkt.', en: () => 'Your objection is already recorded.' },
  'election-round-not-open': { de: () => 'Dieser Wahlgang ist nicht geöffnet.', en: () => 'This election round is not open.' },
  'election-no-round-due': {
    de: () => 'Für diese Wahl ist kein weiterer Wahlgang vorgesehen.',
    en: () => 'No further round is due in this election.',
  },
  'election-option-unknown': { de: () => 'Diese Option steht nicht auf dem Stimmzettel.', en: () => 'This option is not on the ballot.' },
  'election-ballot-final': {
    de: () => 'In geheimer Wahl ist die abgegebene Stimme endgültig.',
    en: () => 'In a secret election a cast ballot is final.',
  },
  'election-no-lot': { de: () => 'Bei dieser Wahl ist kein Los zu ziehen.', en: () => 'No lot is due in this election.' },
  'lot-winners-invalid': {
    de: (p) => `Bitte genau ${s(p.count)} der Gleichstehenden als gezogen angeben.`,
    en: (p) => `Please enter exactly ${s(p.count)} of the tied as drawn.`,
  },
  'election-finished': { de: () => 'Diese Wahl ist bereits beendet.', en: () => 'This election has already ended.' },
  'candidates-invalid': { de: (p) => `Wahlvorschlag ungültig: ${s(p.detail)}`, en: (p) => `Invalid nominations: ${s(p.detail)}` },
  'demo-disabled': {
    de: () => 'Die Demo-Karten sind nur im Demo-Betrieb verfügbar.',
    en: () => 'Demo cards are only available in demo mode.',
  },
  'reader-unknown': { de: (p) => `Kartenleser ${s(p.reader)} ist keinem Platz zugeordnet.`, en: (p) => `Card reader ${s(p.reader)} is not mapped to a seat.` },
  'agent-seat-not-declared': {
    de: (p) => `Platz ${s(p.seat)} gehört nicht zu diesem Kartenleser-Gerät.`,
    en: (p) => `Seat ${s(p.seat)} is not one of this card-reader unit's seats.`,
  },
  'reader-map-invalid': {
    de: (p) => `Die Kartenleser-Zuordnung ist ungültig und wurde nicht übernommen: ${s(p.detailDe ?? p.detail)}`,
    en: (p) => `The reader-to-seat map is invalid and was not applied: ${s(p.detail)}`,
  },
  'keyboard-wedge-disabled': {
    de: () => 'Tastatur-Kartenleser sind an diesem System nicht eingeschaltet.',
    en: () => 'Keyboard-wedge card readers are not enabled on this system.',
  },
  'agent-not-authorized': { de: () => 'Dieses Gerät ist nicht zugelassen.', en: () => 'This device is not authorized.' },
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
  'device-not-enrolled': {
    de: () => 'Dieses Gerät ist nicht eingerichtet. Bitte mit einem Kopplungscode der Schriftführung einrichten.',
    en: () => 'This device is not enrolled. Please enrol it with a pairing code from the clerk.',
  },
  'device-revoked': {
    de: () => 'Dieses Gerät wurde gesperrt. Bitte an die Schriftführung wenden.',
    en: () => 'This device has been revoked. Please contact the clerk.',
  },
  'device-wrong-role': {
    de: (p) => `Dieses Gerät ist als ${s(p.enrolled)} eingerichtet und darf nicht als ${s(p.role)} auftreten.`,
    en: (p) => `This device is enrolled as ${s(p.enrolled)} and may not act as ${s(p.role)}.`,
  },
  'device-wrong-seat': {
    de: (p) => `Dieses Gerät ist für Platz ${s(p.enrolled)} eingerichtet, nicht für Platz ${s(p.seat)}.`,
    en: (p) => `This device is enrolled for seat ${s(p.enrolled)}, not for seat ${s(p.seat)}.`,
  },
  'pin-required': { de: () => 'Bitte PIN eingeben.', en: () => 'Please enter the PIN.' },
  'pin-wrong': {
    de: (p) => `Falsche PIN. Noch ${s(p.remaining)} Versuch(e).`,
    en: (p) => `Wrong PIN. ${s(p.remaining)} attempt(s) left.`,
  },
  'pin-locked': {
    de: (p) => `Zu viele falsche PINs. Gesperrt bis ${s(p.until)}.`,
    en: (p) => `Too many wrong PINs. Locked until ${s(p.until)}.`,
  },
  'pin-invalid': { de: () => 'Die PIN muss aus 6 bis 12 Ziffern bestehen.', en: () => 'The PIN must have 6 to 12 digits.' },
  'pairing-code-unknown': {
    de: () => 'Diesen Kopplungscode gibt es nicht. Bitte genau abschreiben oder einen neuen anfordern.',
    en: () => 'This pairing code does not exist. Please copy it exactly or ask for a new one.',
  },
  'pairing-code-expired': {
    de: () => 'Der Kopplungscode ist abgelaufen. Bitte einen neuen anfordern.',
    en: () => 'The pairing code has expired. Please ask for a new one.',
  },
  'pairing-code-used': {
    de: () => 'Der Kopplungscode wurde bereits verwendet. Jeder Code gilt nur einmal.',
    en: () => 'The pairing code has already been used. Each code is valid once.',
  },
  'device-unknown': { de: (p) => `Unbekanntes Gerät ${s(p.device)}.`, en: (p) => `Unknown device ${s(p.device)}.` },
  'export-ticket-required': {
    de: () => 'Für den Download ist ein Download-Ticket der entsperrten Sitzungsleitung oder Schriftführung nötig. Bitte die Seite „Niederschrift und Export“ benutzen.',
    en: () => 'A download needs a ticket from the unlocked chair or clerk screen. Please use the "Minutes and export" page.',
  },
  'export-ticket-unknown': {
    de: () => 'Dieses Download-Ticket ist unbekannt. Bitte den Download erneut starten.',
    en: () => 'This download ticket is unknown. Please start the download again.',
  },
  'export-ticket-used': {
    de: () => 'Dieses Download-Ticket wurde bereits benutzt. Jedes Ticket gilt für einen Download.',
    en: () => 'This download ticket has already been used. Each ticket is valid for one download.',
  },
  'export-ticket-expired': {
    de: () => 'Das Download-Ticket ist abgelaufen. Bitte den Download erneut starten.',
    en: () => 'The download ticket has expired. Please start the download again.',
  },
  'export-ticket-wrong-device': {
    de: () => 'Dieses Download-Ticket gehört zu einem anderen Gerät.',
    en: () => 'This download ticket belongs to another device.',
  },
  'export-ticket-wrong-format': {
    de: (p) => `Dieses Download-Ticket gilt für ${s(p.format)}, nicht für ${s(p.requested)}.`,
    en: (p) => `This download ticket is for ${s(p.format)}, not for ${s(p.requested)}.`,
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
