/** Which reader is which seat. The simulated driver has one reader per seat, named after it. */
export class ReaderSeatMap {
  private readonly bySeat = new Map<number, string>();

  constructor(private readonly byReader = new Map<string, number>()) {
    for (const [reader, seat] of byReader) this.bySeat.set(seat, reader);
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

  entries(): [string, number][] {
    return [...this.byReader];
  }
}

export function simulatedReaderId(seatId: number): string {
  return `sim-seat-${seatId}`;
}
