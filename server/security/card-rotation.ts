/**
 * During a key rotation (docs/card-keys.md): which cards were last seen with the previous master
 * key, so that the clerk can re-personalise them. A card leaves the list when it proves the
 * current key. Kept in memory: after a restart the list fills again as the cards are tapped.
 */
export interface CardRotationView {
  /** Cards whose last challenge passed only with the previous key, oldest first. */
  cards: { uid: string; seenAt: string }[];
}

export class CardRotation {
  private readonly onPrevious = new Map<string, string>();

  /** `active`: whether a previous master key is loaded; without one there is no rotation to show. */
  constructor(private readonly active: () => boolean) {}

  /** A card passed its challenge; returns whether the list changed. */
  seen(uid: string, previousKey: boolean, at: Date): boolean {
    if (!this.active()) return false;
    if (previousKey) {
      const had = this.onPrevious.has(uid);
      // the time of the last tap, in the order of the first
      this.onPrevious.set(uid, at.toISOString());
      return !had;
    }
    return this.onPrevious.delete(uid);
  }

  view(): CardRotationView | null {
    if (!this.active()) return null;
    return { cards: [...this.onPrevious].map(([uid, seenAt]) => ({ uid, seenAt })) };
  }
}
