import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';
import type { Block, MinutesDocument, TableColumn } from './document';

const require = createRequire(import.meta.url);

/** Noto Sans (SIL Open Font License), full Latin, Greek and Cyrillic: umlauts, ß and names like Kılıçdaroğlu. */
function fontFile(weight: '400Regular' | '700Bold'): string {
  const dir = dirname(require.resolve('@expo-google-fonts/noto-sans/package.json'));
  return join(dir, weight, `NotoSans_${weight}.ttf`);
}

const A4 = { width: 595.28, height: 841.89 };
/** Left margin wide enough for a filing punch (2.5 cm). */
const MARGIN = { top: 56, bottom: 72, left: 71, right: 56 };
const INK = '#111111';
const MUTED = '#555555';
const RULE = '#999999';
const HEAD_FILL = '#E8E8E8';
const WARN = '#8A1C00';

type Doc = PDFKit.PDFDocument;

/** Renders the minutes as an A4 PDF a town hall can print, sign and file. */
export function renderPdf(d: MinutesDocument, opts: { createdAt?: Date } = {}): Promise<Buffer> {
  const doc: Doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    lang: 'de-DE',
    displayTitle: true,
    info: { Title: d.title, Author: 'Ratssaal', Subject: 'Niederschrift', Creator: 'Ratssaal', CreationDate: opts.createdAt ?? new Date() },
  });
  doc.registerFont('regular', fontFile('400Regular'));
  doc.registerFont('bold', fontFile('700Bold'));
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.font('regular').fontSize(10.5).fillColor(INK);
  d.blocks.forEach((block, i) => {
    const next = d.blocks[i + 1];
    // a heading stays with the start of what follows it
    if (block.kind === 'heading' && next) ensureSpace(doc, 40 + Math.min(measure(doc, next), 160));
    // a block of fields (one vote's facts) is not split across pages when it fits on one
    if (block.kind === 'fields') ensureSpace(doc, Math.min(measure(doc, block), bottom() - MARGIN.top));
    renderBlock(doc, block);
  });
  footers(doc, d.footer);
  doc.end();
  return done;
}

const contentWidth = () => A4.width - MARGIN.left - MARGIN.right;
const bottom = () => A4.height - MARGIN.bottom;

function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > bottom()) doc.addPage();
}

function renderBlock(doc: Doc, b: Block): void {
  const x = MARGIN.left;
  const width = contentWidth();
  switch (b.kind) {
    case 'title': {
      doc.font('bold').fontSize(22).fillColor(INK).text(b.text, x, doc.y, { width });
      doc.moveDown(0.2);
      doc.font('regular').fontSize(12).text(b.subtitle, { width });
      doc.moveDown(0.5);
      rule(doc);
      doc.moveDown(0.8);
      return;
    }
    case 'heading': {
      const size = b.level === 1 ? 14 : b.level === 2 ? 12 : 11;
      const before = b.level === 1 ? 1.2 : b.level === 2 ? 1 : 0.7;
      doc.moveDown(before);
      doc.font('bold').fontSize(size).fillColor(INK).text(b.text, x, doc.y, { width });
      if (b.level === 1) {
        doc.moveDown(0.15);
        rule(doc);
      }
      doc.moveDown(0.4);
      return;
    }
    case 'para': {
      doc.font(b.emphasis === 'bold' ? 'bold' : 'regular').fontSize(10.5);
      const h = doc.heightOfString(b.text, { width });
      ensureSpace(doc, Math.min(h, 60));
      doc.fillColor(b.emphasis === 'muted' ? MUTED : b.emphasis === 'warning' ? WARN : INK).text(b.text, x, doc.y, { width });
      doc.fillColor(INK).moveDown(0.5);
      return;
    }
    case 'fields': {
      const labelW = FIELD_LABEL_WIDTH;
      const valueW = width - labelW - 8;
      for (const [label, value] of b.rows) {
        doc.fontSize(10.5);
        const h = Math.max(doc.font('bold').heightOfString(label, { width: labelW }), doc.font('regular').heightOfString(value, { width: valueW }));
        ensureSpace(doc, h);
        const y = doc.y;
        doc.font('bold').text(label, x, y, { width: labelW });
        doc.font('regular').text(value, x + labelW + 8, y, { width: valueW });
        doc.y = y + h + 3;
      }
      doc.moveDown(0.4);
      return;
    }
    case 'table':
      table(doc, b.columns, b.rows);
      return;
    case 'signatures': {
      ensureSpace(doc, 140);
      doc.moveDown(2);
      doc.font('regular').fontSize(10.5).text(b.placeDate, x, doc.y, { width });
      doc.moveDown(3.5);
      const gap = 30;
      const w = (width - gap * (b.lines.length - 1)) / b.lines.length;
      const y = doc.y;
      b.lines.forEach((label, i) => {
        const lx = x + i * (w + gap);
        doc.moveTo(lx, y).lineTo(lx + w, y).lineWidth(0.8).strokeColor(INK).stroke();
        doc.font('regular').fontSize(10).text(label, lx, y + 4, { width: w });
      });
      doc.x = x;
      return;
    }
  }
}

const FIELD_LABEL_WIDTH = 150;

/** Approximate height of a block (for keeping things together; tables: header and first row). */
function measure(doc: Doc, b: Block): number {
  const width = contentWidth();
  doc.fontSize(10.5);
  switch (b.kind) {
    case 'para':
      return doc.font(b.emphasis === 'bold' ? 'bold' : 'regular').heightOfString(b.text, { width }) + 6;
    case 'fields':
      return b.rows.reduce(
        (h, [label, value]) =>
          h +
          3 +
          Math.max(
            doc.font('bold').heightOfString(label, { width: FIELD_LABEL_WIDTH }),
            doc.font('regular').heightOfString(value, { width: width - FIELD_LABEL_WIDTH - 8 }),
          ),
        0,
      );
    case 'table':
      return 60;
    default:
      return 30;
  }
}

function rule(doc: Doc): void {
  doc.moveTo(MARGIN.left, doc.y).lineTo(A4.width - MARGIN.right, doc.y).lineWidth(0.6).strokeColor(RULE).stroke();
}

function table(doc: Doc, columns: readonly TableColumn[], rows: readonly (readonly string[])[]): void {
  const x0 = MARGIN.left;
  const width = contentWidth();
  const total = columns.reduce((s, c) => s + c.width, 0);
  const widths = columns.map((c) => (c.width / total) * width);
  const pad = 4;
  const size = 9.5;
  const rowHeight = (cells: readonly string[], font: 'regular' | 'bold') => {
    doc.font(font).fontSize(size);
    return Math.max(...cells.map((c, i) => doc.heightOfString(c || ' ', { width: (widths[i] ?? 0) - 2 * pad }))) + 2 * pad;
  };
  const drawRow = (cells: readonly string[], font: 'regular' | 'bold', fill: string | null) => {
    const h = rowHeight(cells, font);
    const y = doc.y;
    if (fill) doc.rect(x0, y, width, h).fill(fill);
    let x = x0;
    cells.forEach((c, i) => {
      const w = widths[i] ?? 0;
      doc.font(font).fontSize(size).fillColor(INK).text(c, x + pad, y + pad, { width: w - 2 * pad, align: columns[i]?.align ?? 'left' });
      x += w;
    });
    doc.moveTo(x0, y + h).lineTo(x0 + width, y + h).lineWidth(0.4).strokeColor(RULE).stroke();
    doc.y = y + h;
  };
  const header = columns.map((c) => c.header);
  ensureSpace(doc, rowHeight(header, 'bold') + rowHeight(rows[0] ?? [], 'regular'));
  drawRow(header, 'bold', HEAD_FILL);
  for (const row of rows) {
    const h = rowHeight(row, 'regular');
    if (doc.y + h > bottom()) {
      doc.addPage();
      drawRow(header, 'bold', HEAD_FILL);
    }
    drawRow(row, 'regular', null);
  }
  doc.x = x0;
  doc.moveDown(0.8);
}

function footers(doc: Doc, text: string): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i += 1) {
    doc.switchToPage(i);
    // writing below the bottom margin would otherwise start a new page
    const saved = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = A4.height - MARGIN.bottom + 28;
    doc.moveTo(MARGIN.left, y - 6).lineTo(A4.width - MARGIN.right, y - 6).lineWidth(0.4).strokeColor(RULE).stroke();
    doc.font('regular').fontSize(8).fillColor(MUTED);
    doc.text(text, MARGIN.left, y, { width: contentWidth() - 90, lineBreak: false, ellipsis: true });
    doc.text(`Seite ${i - range.start + 1} von ${range.count}`, A4.width - MARGIN.right - 90, y, { width: 90, align: 'right', lineBreak: false });
    doc.page.margins.bottom = saved;
  }
}
