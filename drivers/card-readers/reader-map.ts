/**
 * Which reader is which seat. The simulated driver has one reader per seat, named after it.
 * A seat may have several readers (a real one and the demo panel's); the first listed is the
 * seat's own reader, whose state the seat shows.
 */
export class ReaderSeatMap {
  private readonly bySeat = new Map<number, string>();

  constructor(private readonly byReader = new Map<string, number>()) {
    for (const [reader, seat] of byReader) if (!this.bySeat.has(seat)) this.bySeat.set(seat, reader);
  }

  static simulated(seatIds: Iterable<number>): ReaderSeatMap {
    return new ReaderSeatMap(new Map([...seatIds].map((s) => [simulatedReaderId(s), s])));
  }

  seatOf(readerId: string): number | null {
    return this.byReader.get(readerId) ?? null;
  }

  readerOf(seatId: number): string | null {
    return this.bySeat.get(seatId) ?? null;
  }

  /** This map's readers first, then the other's readers (for seats and readers not listed here). */
  withFallback(other: ReaderSeatMap): ReaderSeatMap {
    const merged = new Map(this.byReader);
    for (const [reader, seat] of other.byReader) if (!merged.has(reader)) merged.set(reader, seat);
    return new ReaderSeatMap(merged);
  }

  entries(): [string, number][] {
    return [...this.byReader];
  }

  /** Each mapped reader in turn, without a list of them (for callers that skip most). */
  forEachReader(visit: (readerId: string) => void): void {
    for (const reader of this.byReader.keys()) visit(reader);
  }
}

export function simulatedReaderId(seatId: number): string {
  return `sim-seat-${seatId}`;
}
