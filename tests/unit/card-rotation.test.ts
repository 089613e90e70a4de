import { describe, expect, it } from 'vitest';
import { CardRotation } from '../../server/security/card-rotation';

const at = (minute: number) => new Date(Date.UTC(2026, 11, 3, 16, minute));

describe('CardRotation', () => {
  it.each([
    ['a card on the previous key is listed', [['04A1', true, 1]], true, [{ uid: '04A1', seenAt: '2026-12-03T16:01:00.000Z' }]],
    ['a card on the current key is not', [['04A1', false, 1]], false, []],
    ['a second tap on the previous key updates the time, not the order', [['04A1', true, 1], ['04B2', true, 2], ['04A1', true, 3]], false, [{ uid: '04A1', seenAt: '2026-12-03T16:03:00.000Z' }, { uid: '04B2', seenAt: '2026-12-03T16:02:00.000Z' }]],
    ['a re-personalised card (now on the current key) leaves the list', [['04A1', true, 1], ['04B2', true, 2], ['04A1', false, 3]], true, [{ uid: '04B2', seenAt: '2026-12-03T16:02:00.000Z' }]],
  ] as [string, [string, boolean, number][], boolean, { uid: string; seenAt: string }[]][])('%s', (_name, taps, lastChanged, cards) => {
    const rotation = new CardRotation(() => true);
    let changed = false;
    for (const [uid, previous, minute] of taps) changed = rotation.seen(uid, previous, at(minute));
    expect(changed).toBe(lastChanged);
    expect(rotation.view()).toEqual({ cards });
  });

  it('without a previous key there is no rotation: nothing is listed, nothing changes', () => {
    const rotation = new CardRotation(() => false);
    expect(rotation.seen('04A1', true, at(1))).toBe(false);
    expect(rotation.view()).toBeNull();
  });
});
