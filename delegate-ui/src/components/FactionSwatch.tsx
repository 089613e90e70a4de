/** A small square in the faction's colour; decorative, the faction's name is always written too. */
export function FactionSwatch({ color }: { color: string | null }) {
  if (!color) return null;
  return <span className="swatch" style={{ backgroundColor: color }} aria-hidden="true" />;
}
