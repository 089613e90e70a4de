import { describe, expect, it } from 'vitest';
import { chairView, displayView, seatView } from '../../../server/domain/views';
import { AT, SEAT, fullRoom, run } from './fixtures';

const later = (s: number) => new Date(Date.parse(AT) + s * 1000).toISOString();

describe('views of the speaker list', () => {
  function room() {
    const s = fullRoom();
    run(s, { type: 'requestFloor', seatId: SEAT['gruen-1'], kind: 'ordinary' }, later(0));
    run(s, { type: 'requestFloor', seatId: SEAT['buerger-1'], kind: 'ordinary' }, later(1));
    run(s, { type: 'giveFloor' }, later(10));
    run(s, { type: 'giveFloor' }, later(70));
    run(s, { type: 'requestFloor', seatId: SEAT['gruen-1'], kind: 'point-of-order' }, later(80));
    return s;
  }

  it('the chair sees the floor with its end, the queue with time on the item, and statistics per member and faction', () => {
    const v = chairView(room(), { now: later(100) });
    expect(v.serverTime).toBe(later(100));
    expect(v.speakers.floor).toMatchObject({ member: { id: 'buerger-1' }, since: later(70), endsAt: later(370), limitS: 300, seatLabel: 'P 4' });
    expect(v.speakers.queue.map((q) => [q.member.id, q.kind, q.onItem])).toEqual([['gruen-1', 'point-of-order', { count: 1, seconds: 60 }]]);
    expect(v.speakers.stats.members.map((m) => [m.member.id, m.count, m.seconds])).toEqual([
      ['gruen-1', 1, 60],
      ['buerger-1', 1, 30],
    ]);
    expect(v.speakers.stats.factions.map((f) => [f.shortName, f.count, f.seconds])).toEqual([
      ['GL', 1, 60],
      ['BB', 1, 30],
    ]);
  });

  it('a seat sees its own position; without a clock the views use the time of the last event', () => {
    const s = room();
    const v = seatView(s, SEAT['gruen-1'], { demo: false, reader: 'none' });
    expect(v?.speakers.mine).toEqual([{ kind: 'point-of-order', position: 1 }]);
    expect(v?.serverTime).toBe(later(80));
    expect(v?.mic).toBeNull();
  });

  it('the display shows the speaker and the next ones on a public item, nothing in the non-public part', () => {
    const s = room();
    expect(displayView(s).speakers.floor?.member.id).toBe('buerger-1');
    expect(displayView(s).speakers.next.map((n) => n.member.id)).toEqual(['gruen-1']);
    run(s, { type: 'selectItem', itemId: 'top-3' });
    run(s, { type: 'giveFloor', memberId: 'links-1' });
    const hidden = displayView(s);
    expect(hidden.nonPublic).toBe(true);
    expect(hidden.speakers).toEqual({ floor: null, next: [], closed: false });
    expect(JSON.stringify(hidden)).not.toContain('Gerling');
    expect(seatView(s, SEAT.mayor, { demo: false, reader: 'none' })?.speakers.floor?.member.id).toBe('links-1');
  });
});
