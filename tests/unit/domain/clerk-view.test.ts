import { describe, expect, it } from 'vitest';
import { clerkView } from '../../../server/domain/clerk-view';
import { ClerkView } from '../../../server/protocol/clerk';
import { CARD, fullRoom, openVote, run, vote } from './fixtures';

const NO_MODE = { cardMode: null, lastCardResult: null };

describe('clerkView', () => {
  it('lists revoked cards and retired members, and matches its schema', () => {
    const s = fullRoom();
    run(s, { type: 'revokeCard', cardUid: CARD['gruen-2'], reason: 'verloren' });
    run(s, { type: 'retireMember', memberId: 'links-1', until: '2026-01-31' });
    const v = clerkView(s, NO_MODE);
    expect(ClerkView.omit({ devices: true }).safeParse(v).success).toBe(true);
    expect(v.cards.find((c) => c.uid === CARD['gruen-2'])).toMatchObject({ status: 'revoked', reason: 'verloren', memberId: 'gruen-2' });
    expect(v.members.find((m) => m.member.id === 'links-1')).toMatchObject({ active: false, present: false });
    expect(v.members.find((m) => m.member.id === 'gruen-2')?.cards).toEqual([]);
    expect(v.factions.find((f) => f.id === 'links')?.members).toBe(1);
  });

  it('shows who has voted and who was entered by hand in open votes, nothing per member in secret votes', () => {
    const s = fullRoom();
    openVote(s);
    vote(s, 'mayor', 'yes');
    run(s, { type: 'manualBallot', voteId: 'v1', memberId: 'gruen-1', choice: 'no', key: 'manual-key-1', by: 'clerk', reason: 'Tablet defekt' });
    const rows = clerkView(s, NO_MODE).vote?.rows ?? [];
    expect(rows.filter((r) => r.voted).map((r) => [r.member.id, r.manual])).toEqual([
      ['mayor', false],
      ['gruen-1', true],
    ]);
    expect(JSON.stringify(rows)).not.toMatch(/"(yes|no)"/);
    run(s, { type: 'closeVote', voteId: 'v1' });
    openVote(s, { voteId: 'v2', kind: 'secret' });
    vote(s, 'mayor', 'yes', { voteId: 'v2' });
    expect(clerkView(s, NO_MODE).vote).toMatchObject({ summary: { id: 'v2' }, rows: [] });
  });
});
