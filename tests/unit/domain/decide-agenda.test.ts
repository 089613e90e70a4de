import { describe, expect, it } from 'vitest';
import type { Command } from '../../../server/domain/decide';
import type { CouncilState } from '../../../server/domain/state';
import { chairView } from '../../../server/domain/views';
import type { ErrorCode } from '../../../server/protocol/errors';
import { checkIn, council, openVote, refusal, run, SEAT } from './fixtures';

const numbers = (s: CouncilState) => chairView(s).agenda.map((i) => i.number);
const item = (id: string, number: string, title = `Punkt ${number}`, isPublic = true) => ({ id, number, title, public: isPublic });

describe('agenda editing: every edit is an event', () => {
  it('adds, changes, moves and removes items; the chair sees the new order', () => {
    const s = council();
    expect(numbers(s)).toEqual(['1', '2', 'N 1']);
    expect(run(s, { type: 'addAgendaItem', item: { ...item('x-1', '1.1', '  Anfrage  '), motion: ' ' }, position: 1 })).toEqual([
      { type: 'AgendaItemAdded', item: item('x-1', '1.1', 'Anfrage'), position: 1 },
    ]);
    expect(numbers(s)).toEqual(['1', '1.1', '2', 'N 1']);
    run(s, { type: 'changeAgendaItem', item: { ...item('x-1', '1.1', 'Anfrage der Fraktion'), documentRef: 'DS 7' } });
    expect(chairView(s).agenda[1]).toEqual({ ...item('x-1', '1.1', 'Anfrage der Fraktion'), documentRef: 'DS 7' });
    run(s, { type: 'moveAgendaItem', itemId: 'x-1', position: 99 });
    expect(numbers(s)).toEqual(['1', '2', 'N 1', '1.1']);
    run(s, { type: 'removeAgendaItem', itemId: 'x-1' });
    expect(numbers(s)).toEqual(['1', '2', 'N 1']);
    expect(s.items.has('x-1')).toBe(false);
  });

  it('an unchanged item or a move to the same place records nothing', () => {
    const s = council();
    const top1 = s.items.get('top-1');
    if (!top1) throw new Error('fixture');
    expect(run(s, { type: 'changeAgendaItem', item: { ...top1 } })).toEqual([]);
    expect(run(s, { type: 'moveAgendaItem', itemId: 'top-1', position: 0 })).toEqual([]);
  });

  it('imports a whole agenda in one event', () => {
    const s = council();
    const items = [item('top-a', 'A'), item('top-b', 'B', 'Geheim', false)];
    expect(run(s, { type: 'importAgenda', items })).toEqual([{ type: 'AgendaImported', items }]);
    expect(numbers(s)).toEqual(['A', 'B']);
  });

  it.each<{ name: string; before?: (s: CouncilState) => void; command: Command; code: ErrorCode }>([
    { name: 'a number twice', command: { type: 'addAgendaItem', item: item('x', 'n 1') }, code: 'agenda-number-taken' },
    { name: 'an empty title', command: { type: 'addAgendaItem', item: item('x', '9', '   ') }, code: 'validation-failed' },
    { name: 'changing to a taken number', command: { type: 'changeAgendaItem', item: item('top-2', '1') }, code: 'agenda-number-taken' },
    { name: 'changing an unknown item', command: { type: 'changeAgendaItem', item: item('nope', '9') }, code: 'item-unknown' },
    {
      name: 'removing the called item',
      before: (s) => run(s, { type: 'selectItem', itemId: 'top-2' }),
      command: { type: 'removeAgendaItem', itemId: 'top-2' },
      code: 'agenda-item-in-use',
    },
    {
      name: 'removing an item with a vote',
      before: (s) => {
        openVote(s, { itemId: 'top-2' });
        run(s, { type: 'selectItem', itemId: 'top-2' });
        run(s, { type: 'closeVote', voteId: 'v1' });
        run(s, { type: 'selectItem', itemId: 'top-1' });
      },
      command: { type: 'removeAgendaItem', itemId: 'top-2' },
      code: 'agenda-item-in-use',
    },
    {
      name: 'importing over an agenda in use',
      before: (s) => {
        checkIn(s, 'gruen-1');
        run(s, { type: 'selectItem', itemId: 'top-1' });
        run(s, { type: 'requestFloor', seatId: SEAT['gruen-1'], kind: 'ordinary' });
      },
      command: { type: 'importAgenda', items: [item('a', '1')] },
      code: 'agenda-in-use',
    },
    { name: 'an import with a number twice', command: { type: 'importAgenda', items: [item('a', '1'), item('b', '1')] }, code: 'agenda-number-taken' },
    { name: 'an empty import', command: { type: 'importAgenda', items: [] }, code: 'agenda-empty' },
  ])('refused: $name ($code), nothing changes', ({ before, command, code }) => {
    const s = council();
    before?.(s);
    const agenda = JSON.stringify(chairView(s).agenda);
    expect(refusal(() => run(s, command)).code).toBe(code);
    expect(JSON.stringify(chairView(s).agenda)).toBe(agenda);
  });
});
