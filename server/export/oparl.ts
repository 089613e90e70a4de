import type { Minutes, MinutesRecordNote, MinutesVote } from './schema';

/**
 * An OParl 1.1-shaped export for a Ratsinformationssystem: one Meeting with its AgendaItems
 * (embedded, as OParl does), and the Persons, Organizations (the body and its factions) and
 * Memberships it refers to. OParl has no field for vote counts, so votes and elections travel in
 * properties prefixed "ratssaal:" (a vendor extension; an importer that does not know it ignores it).
 * Object ids are URLs below a base the caller chooses.
 */
const T = 'https://schema.oparl.org/1.1/';
export const OPARL_EXTENSION_VERSION = 'ratssaal-oparl/1';

export interface OparlOptions {
  baseUrl: string;
}

const noteOf = (n: MinutesRecordNote, personUrl: (id: string) => string) => ({
  id: n.id,
  kind: n.kind,
  person: n.memberId === null ? null : personUrl(n.memberId),
  text: n.text,
  at: n.at,
  withdrawn: n.withdrawn,
});

const RESULT_DE = (v: MinutesVote): string | null => (v.status === 'closed' && v.result ? (v.result.passed ? 'angenommen' : 'abgelehnt') : null);

export function oparlOf(m: Minutes, o: OparlOptions): Record<string, unknown> {
  const base = o.baseUrl.replace(/\/+$/, '');
  const enc = encodeURIComponent;
  const bodyUrl = `${base}/body/${enc(m.body.id)}`;
  const meetingUrl = `${base}/meeting/${enc(m.session.id)}`;
  const orgUrl = (id: string) => `${base}/organization/${enc(id)}`;
  const personUrl = (id: string) => `${base}/person/${enc(id)}`;
  const membershipUrl = (memberId: string, orgId: string) => `${base}/membership/${enc(orgId)}/${enc(memberId)}`;
  const councilOrgId = m.body.id;

  const organizations = [
    {
      id: orgUrl(councilOrgId),
      type: `${T}Organization`,
      body: bodyUrl,
      name: m.body.name,
      organizationType: 'Gremium',
      classification: 'Rat',
      membership: m.members.map((x) => membershipUrl(x.id, councilOrgId)),
    },
    ...m.factions.map((f) => ({
      id: orgUrl(f.id),
      type: `${T}Organization`,
      body: bodyUrl,
      name: f.name,
      shortName: f.shortName,
      organizationType: 'Fraktion',
      classification: 'Fraktion',
      membership: m.members.filter((x) => x.factionId === f.id).map((x) => membershipUrl(x.id, f.id)),
    })),
  ];
  const memberships = m.members.flatMap((x) => [
    {
      id: membershipUrl(x.id, councilOrgId),
      type: `${T}Membership`,
      person: personUrl(x.id),
      organization: orgUrl(councilOrgId),
      role: x.role === 'mayor' ? 'Bürgermeister(in)' : x.role === 'officer' ? 'Verwaltung' : 'Ratsmitglied',
      votingRight: x.votingRight === 'full',
    },
    ...(x.factionId ? [{ id: membershipUrl(x.id, x.factionId), type: `${T}Membership`, person: personUrl(x.id), organization: orgUrl(x.factionId), role: 'Mitglied', votingRight: true }] : []),
  ]);
  const persons = m.members.map((x) => ({
    id: personUrl(x.id),
    type: `${T}Person`,
    body: bodyUrl,
    name: x.name,
    familyName: x.lastName,
    givenName: x.firstName,
    ...(x.title ? { title: [x.title] } : {}),
    membership: memberships.filter((ms) => ms.person === personUrl(x.id)).map((ms) => ms.id),
  }));
  const present = new Set(m.attendance.map((a) => a.memberId));

  const agendaItems = m.items.map((item, i) => {
    const called = item.calledAt[0];
    const decisive = item.votes.filter((v) => v.status === 'closed').at(-1);
    return {
      id: `${meetingUrl}/agendaitem/${enc(item.id)}`,
      type: `${T}AgendaItem`,
      meeting: meetingUrl,
      number: item.number,
      order: i + 1,
      name: item.title,
      public: item.public,
      ...(decisive ? { result: RESULT_DE(decisive) } : {}),
      ...(item.motion ? { resolutionText: item.motion } : {}),
      ...(called ? { start: called } : {}),
      'ratssaal:documentRef': item.documentRef,
      'ratssaal:bias': item.bias.map((b) => ({ person: personUrl(b.memberId), reason: b.reason, from: b.from, to: b.to })),
      'ratssaal:votes': item.votes.map((v) => ({
        id: v.id,
        title: v.title,
        motion: v.motion,
        kind: v.kind,
        majority: v.majority,
        status: v.status,
        openedAt: v.openedAt,
        closedAt: v.closedAt,
        cancelReason: v.cancelReason,
        participants: v.kind === 'secret' && v.status === 'open' ? null : v.participants,
        result: v.result
          ? {
              yes: v.result.tally.yes,
              no: v.result.tally.no,
              abstain: v.result.tally.abstain,
              eligible: v.result.eligible,
              present: v.result.present,
              legalMembers: v.result.legalMembers,
              neededYes: v.result.neededYes,
              passed: v.result.passed,
              byFaction: v.result.byFaction?.map((f) => ({ organization: f.factionId ? orgUrl(f.factionId) : null, yes: f.yes, no: f.no, abstain: f.abstain })) ?? null,
            }
          : null,
        named: v.named?.map((c) => ({ person: personUrl(c.memberId), choice: c.choice, manual: c.manual })) ?? null,
      })),
      // elections: each round's votes per option (a candidate's or list's id, "yes", "no", "abstain")
      'ratssaal:elections': item.elections.map((e) => ({
        id: e.id,
        title: e.title,
        mode: e.mode,
        seats: e.seats,
        method: e.method,
        candidates: e.candidates,
        preparedAt: e.preparedAt,
        objections: e.objections,
        rounds: e.rounds.map((r) => ({
          round: r.round,
          runoff: r.runoff,
          secret: r.secret,
          openedAt: r.openedAt,
          closedAt: r.closedAt,
          participants: r.closedAt ? r.participants : null,
          counts: r.closedAt ? r.counts : null,
          decision: r.decision,
        })),
        lots: e.lots,
        cancelled: e.cancelled,
      })),
      // declarations for the record (by a member) and the clerk's notes
      'ratssaal:notes': item.notes.map((n) => noteOf(n, personUrl)),
    };
  });

  const meeting = {
    id: meetingUrl,
    type: `${T}Meeting`,
    name: m.session.title,
    meetingState: m.times.closedAt ? 'durchgeführt' : m.times.firstRecordAt ? 'durchgeführt' : 'eingeladen',
    cancelled: false,
    ...(m.times.openedAt ?? m.times.firstRecordAt ? { start: m.times.openedAt ?? m.times.firstRecordAt } : {}),
    ...(m.times.closedAt ?? m.times.lastRecordAt ? { end: m.times.closedAt ?? m.times.lastRecordAt } : {}),
    location: { id: `${base}/location/${enc(m.body.id)}`, type: `${T}Location`, description: m.body.place },
    organization: [orgUrl(councilOrgId)],
    participant: m.members.filter((x) => present.has(x.id)).map((x) => personUrl(x.id)),
    agendaItem: agendaItems,
    'ratssaal:plannedDate': m.session.date,
    'ratssaal:plannedStart': m.session.plannedStart,
    'ratssaal:logFinalHash': m.log.finalHash,
    'ratssaal:logEvents': m.log.events,
    'ratssaal:sessionNotes': m.sessionNotes.map((n) => noteOf(n, personUrl)),
  };

  return {
    'ratssaal:format': OPARL_EXTENSION_VERSION,
    meeting,
    person: persons,
    organization: organizations,
    membership: memberships,
  };
}

export function renderOparl(m: Minutes, o: OparlOptions): Buffer {
  return Buffer.from(`${JSON.stringify(oparlOf(m, o), null, 2)}\n`, 'utf8');
}
