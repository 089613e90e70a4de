/** The faction's colour as a small square; decorative, the short name says the same. */
export function FactionSwatch({ color }: { color: string | null }) {
  return <span className="swatch" style={{ backgroundColor: color ?? '#9ca3af' }} aria-hidden="true" />;
}
