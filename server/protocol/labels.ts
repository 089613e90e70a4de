import type { Choice, MajorityRule, VoteKind } from './common';
import type { Ineligibility } from './views';

/** Shared German/English vocabulary for both UIs and the minutes. */
export type Lang = 'de' | 'en';
export type Bilingual = Readonly<Record<Lang, string>>;

export const CHOICE_LABELS: Readonly<Record<Choice, Bilingual>> = {
  yes: { de: 'Ja', en: 'Yes' },
  no: { de: 'Nein', en: 'No' },
  abstain: { de: 'Enthaltung', en: 'Abstain' },
};

export const VOTE_KIND_LABELS: Readonly<Record<VoteKind, Bilingual>> = {
  open: { de: 'Offene Abstimmung', en: 'Open vote' },
  named: { de: 'Namentliche Abstimmung', en: 'Roll-call vote' },
  secret: { de: 'Geheime Abstimmung', en: 'Secret ballot' },
};

export const INELIGIBILITY_LABELS: Readonly<Record<Ineligibility, Bilingual>> = {
  'not-checked-in': { de: 'Bitte Karte auflegen, um sich anzumelden.', en: 'Please place your card to log in.' },
  'no-voting-right': { de: 'Kein Stimmrecht.', en: 'No voting right.' },
  'advisory-only': { de: 'Beratende Stimme – Sie können nicht abstimmen.', en: 'Advisory voice – you cannot vote.' },
  'excluded-bias': {
    de: 'Wegen Befangenheit von diesem Punkt ausgeschlossen – keine Stimmabgabe.',
    en: 'Excluded from this item for bias – no vote.',
  },
};

const BASE_LABELS = {
  legal: { de: 'der gesetzlichen Mitgliederzahl', en: 'of the legal number of members' },
  present: { de: 'der Anwesenden', en: 'of those present' },
  cast: { de: 'der abgegebenen Stimmen', en: 'of the votes cast' },
} as const;

export function majorityLabel(rule: MajorityRule, lang: Lang): string {
  switch (rule.kind) {
    case 'simple':
      return lang === 'de' ? 'Einfache Mehrheit' : 'Simple majority';
    case 'absoluteLegal':
      return lang === 'de' ? 'Mehrheit der gesetzlichen Mitgliederzahl' : 'Majority of the legal number of members';
    case 'twoThirdsLegal':
      return lang === 'de' ? 'Zwei Drittel der gesetzlichen Mitgliederzahl' : 'Two thirds of the legal number of members';
    case 'twoThirdsCast':
      return lang === 'de' ? 'Zwei Drittel der abgegebenen Stimmen' : 'Two thirds of the votes cast';
    case 'fraction': {
      const cmp = rule.comparison === 'moreThan' ? (lang === 'de' ? 'Mehr als' : 'More than') : lang === 'de' ? 'Mindestens' : 'At least';
      return `${cmp} ${rule.numerator}/${rule.denominator} ${BASE_LABELS[rule.base][lang]}`;
    }
  }
}

export const MAJORITY_PRESETS: readonly MajorityRule[] = [
  { kind: 'simple' },
  { kind: 'absoluteLegal' },
  { kind: 'twoThirdsLegal' },
  { kind: 'twoThirdsCast' },
];
