import QRCode from 'qrcode';
import type { QrMatrix } from '../protocol/devices';

/** The QR code of a text as rows of "0"/"1" modules, for the UI to draw without a library. */
export function qrMatrix(text: string): QrMatrix {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const rows: string[] = [];
  for (let r = 0; r < modules.size; r += 1) {
    let row = '';
    for (let c = 0; c < modules.size; c += 1) row += modules.get(r, c) ? '1' : '0';
    rows.push(row);
  }
  return { size: modules.size, rows };
}

/** The QR code for a terminal: two module rows per line (half blocks), with a quiet zone. */
export function qrTerminal(text: string): string {
  const { size, rows } = qrMatrix(text);
  const quiet = 2;
  const dark = (r: number, c: number) => r >= 0 && r < size && c >= 0 && c < size && rows[r]![c] === '1';
  const lines: string[] = [];
  for (let r = -quiet; r < size + quiet; r += 2) {
    let line = '';
    for (let c = -quiet; c < size + quiet; c += 1) {
      // light modules are drawn (terminals are mostly dark): a full block is two light modules
      const top = !dark(r, c);
      const bottom = !dark(r + 1, c);
      line += top && bottom ? '█' : top ? '▀' : bottom ? '▄' : ' ';
    }
    lines.push(line);
  }
  return lines.join('\n');
}
