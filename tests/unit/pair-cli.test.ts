import { describe, expect, it } from 'vitest';
import { PairUsageError, parsePairCliArgs } from '../../server/security/pair-cli';

describe('npm run pair -- …', () => {
  it.each([
    [['seat', '12'], { role: 'seat', seatId: 12 }, 'Platz 12'],
    [['chair'], { role: 'chair' }, 'Sitzungsleitung'],
    [['clerk', '--label', 'Laptop Schriftführung'], { role: 'clerk' }, 'Laptop Schriftführung'],
    [['display', '--label=Beamer'], { role: 'display' }, 'Beamer'],
    [['agent', '1-3,7'], { role: 'agent', seats: [1, 2, 3, 7] }, 'Kartenleser-Gerät für Platz 1, 2, 3, 7'],
    [['agent', '5'], { role: 'agent', seats: [5] }, 'Kartenleser-Gerät für Platz 5'],
  ])('%j', (argv, target, label) => {
    expect(parsePairCliArgs(argv)).toEqual({ target, label, qr: false });
  });

  it.each([
    [[], /seat N, chair/],
    [['seat'], /number/],
    [['seat', 'x'], /number/],
    [['seat', '0'], /./],
    [['chair', '3'], /no number/],
    [['agent'], /seats/],
    [['agent', '8-1'], /backwards/],
    [['agent', '1-100'], /./],
    [['agent', 'a-b'], /not a seat/],
    [['mayor'], /seat N, chair/],
    [['seat', '3', '--bogus'], /unknown option/],
    [['display', '--label', ''], /label/],
    [['seat', '1', '2'], /unexpected/],
  ])('refuses %j', (argv, message) => {
    expect(() => parsePairCliArgs(argv)).toThrow(PairUsageError);
    expect(() => parsePairCliArgs(argv)).toThrow(message);
  });
});
