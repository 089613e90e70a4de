import type { QrMatrix } from '../../../server/protocol/devices';
import { qrPath, qrViewBox } from '../../../ui-shared/devices';

/** A QR code drawn as SVG (no library, no inline style: the page's CSP allows neither). */
export function QrCode({ qr, label, className = 'qr' }: { qr: QrMatrix; label: string; className?: string }) {
  return (
    <svg className={className} viewBox={qrViewBox(qr)} role="img" aria-label={label} shapeRendering="crispEdges" xmlns="http://www.w3.org/2000/svg">
      <rect className="qr__light" width="100%" height="100%" />
      <path className="qr__dark" d={qrPath(qr)} />
    </svg>
  );
}
