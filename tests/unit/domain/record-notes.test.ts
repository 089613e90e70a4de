import { describe, expect, it } from 'vitest';
import { clerkView } from '../../../server/domain/clerk-view';
import type { Command } from '../../../server/domain/decide';
import type { CouncilState } from '../../../server/domain/state';
import type { ErrorCode } from '../../../server/protocol/errors';
import { AT, council, refusal, run } from './fixtures';

const declaration = (over: Partial<Extract<Command, { type: 'addRecordNote' }>> = {}): Command => ({
  type: 'addRecordNote',
  noteId: 'n1',
  itemId: 'top-1',
  kind: 'declaration',
  memberId: 'gruen-1',
  text: '  Ich stimme zu, weil der Haushalt die Schulen stärkt.  ',
  ...over,
});
const note = (over: Partial<Extract<Command, { type: 'addRecordNote' }>> = {}): Command => declaration({ noteId: 'n2', kind: 'note', memberId: null, text: 'Die Sitzung wurde im Livestream übertragen.', itemId: null, ...over });
const withdraw = (noteId = 'n1', reason = 'falscher Tagesordnungspunkt'): Command => ({ type: 'withdrawRecordNote', noteId, reason });

const withDeclaration = (): CouncilState => {
  const s = council();
  run(s, declaration());
  return s;
};

describe('declarations for the record and notes: refusals (nothing is recorded)', () => {
  it.each<{ name: string; setup: () => CouncilState; command: Command; code: ErrorCode }>([
    { name: 'an unknown item', setup: council, command: declaration({ itemId: 'top-9' }), code: 'item-unknown' },
    { name: 'an empty text', setup: council, command: declaration({ text: ' \n ' }), code: 'note-text-required' },
    { name: 'a declaration without a member', setup: council, command: declaration({ memberId: null }), code: 'note-member-required' },
    { name: 'a declaration of an unknown member', setup: council, command: declaration({ memberId: 'nobody' }), code: 'member-unknown' },
    { name: "the clerk's note naming a member", setup: council, command: note({ memberId: 'gruen-1' }), code: 'note-member-not-allowed' },
    { name: 'the same id twice', setup: withDeclaration, command: declaration(), code: 'note-exists' },
    { name: 'withdrawing an unknown entry', setup: council, command: withdraw('n9'), code: 'note-unknown' },
    { name: 'withdrawing without a reason', setup: withDeclaration, command: withdraw('n1', '  '), code: 'reason-required' },
    {
      name: 'withdrawing twice',
      setup: () => {
        const s = withDeclaration();
        run(s, withdraw());
        return s;
      },
      command: withdraw(),
      code: 'note-withdrawn',
    },
  ])('$name', ({ setup, command, code }) => {
    const s = setup();
    const seq = s.seq;
    const notes = structuredClone([...s.recordNotes.values()]);
    expect(refusal(() => run(s, command)).code).toBe(code);
    expect(s.seq).toBe(seq);
    expect([...s.recordNotes.values()]).toEqual(notes);
  });
});

describe('declarations for the record and notes: events and state', () => {
  it('records a declaration word for word (trimmed) with its member and item', () => {
    const s = council();
    expect(run(s, declaration())).toEqual([
      { type: 'RecordNoteAdded', noteId: 'n1', itemId: 'top-1', kind: 'declaration', memberId: 'gruen-1', text: 'Ich stimme zu, weil der Haushalt die Schulen stärkt.' },
    ]);
    expect(s.recordNotes.get('n1')).toEqual({
      id: 'n1',
      itemId: 'top-1',
      kind: 'declaration',
      memberId: 'gruen-1',
      text: 'Ich stimme zu, weil der Haushalt die Schulen stärkt.',
      at: AT,
      withdrawn: null,
    });
  });

  it("records the clerk's note on the session as a whole", () => {
    const s = council();
    run(s, note());
    expect(s.recordNotes.get('n2')).toMatchObject({ itemId: null, kind: 'note', memberId: null, text: 'Die Sitzung wurde im Livestream übertragen.' });
  });

  it('a withdrawal keeps the entry and adds when and why', () => {
    const s = withDeclaration();
    expect(run(s, withdraw(), '2026-03-12T17:30:00.000Z')).toEqual([{ type: 'RecordNoteWithdrawn', noteId: 'n1', reason: 'falscher Tagesordnungspunkt' }]);
    expect(s.recordNotes.get('n1')?.withdrawn).toEqual({ at: '2026-03-12T17:30:00.000Z', reason: 'falscher Tagesordnungspunkt' });
    expect(s.recordNotes.get('n1')?.text).toBe('Ich stimme zu, weil der Haushalt die Schulen stärkt.');
  });

  it('an item with a declaration is in use: it cannot be removed from the agenda, nor the agenda replaced', () => {
    const s = withDeclaration();
    expect(refusal(() => run(s, { type: 'removeAgendaItem', itemId: 'top-1' })).code).toBe('agenda-item-in-use');
    expect(refusal(() => run(s, { type: 'importAgenda', items: [{ id: 'x-1', number: '1', title: 'Neu', public: true }] })).code).toBe('agenda-in-use');
    // an item without one still can
    run(s, { type: 'removeAgendaItem', itemId: 'top-2' });
    expect(s.items.has('top-2')).toBe(false);
  });

  it('the clerk sees every entry with its item and member, and the agenda to choose from', () => {
    const s = withDeclaration();
    run(s, note());
    run(s, withdraw());
    const v = clerkView(s, { cardMode: null, lastCardResult: null });
    expect(v.agenda.map((i) => i.id)).toEqual(['top-1', 'top-2', 'top-3']);
    expect(v.recordNotes.map((n) => [n.id, n.kind, n.itemLabel, n.member?.id ?? null, n.withdrawn?.reason ?? null])).toEqual([
      ['n1', 'declaration', 'TOP 1 – Haushaltssatzung 2026', 'gruen-1', 'falscher Tagesordnungspunkt'],
      ['n2', 'note', null, null, null],
    ]);
  });
});
