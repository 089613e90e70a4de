import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  HeadingLevel,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TabStopType,
  TextRun,
  WidthType,
} from 'docx';
import type { Block, MinutesDocument, TableColumn } from './document';

/** A4 in twentieths of a point; left margin 2.5 cm for filing, 2 cm elsewhere. */
const PAGE = { width: 11906, height: 16838 };
const MARGIN = { top: 1134, bottom: 1134, left: 1418, right: 1134 };
const CONTENT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const FONT = 'Arial';
const THIN = { style: BorderStyle.SINGLE, size: 4, color: '999999' } as const;

/** The minutes as an editable Word document (the clerk finishes the draft in a word processor). */
export async function renderDocx(d: MinutesDocument): Promise<Buffer> {
  const doc = new Document({
    creator: 'Ratssaal',
    title: d.title,
    description: 'Niederschrift (Entwurf)',
    styles: {
      default: {
        document: { run: { font: FONT, size: 21, language: { value: 'de-DE' } }, paragraph: { spacing: { after: 80 } } },
        heading1: { run: { font: FONT, size: 28, bold: true, color: '111111' }, paragraph: { spacing: { before: 360, after: 120 } } },
        heading2: { run: { font: FONT, size: 24, bold: true, color: '111111' }, paragraph: { spacing: { before: 280, after: 100 } } },
        heading3: { run: { font: FONT, size: 22, bold: true, color: '111111' }, paragraph: { spacing: { before: 200, after: 80 } } },
        title: { run: { font: FONT, size: 44, bold: true, color: '111111' } },
      },
    },
    sections: [
      {
        properties: { page: { size: PAGE, margin: MARGIN } },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                tabStops: [{ type: TabStopType.RIGHT, position: CONTENT_WIDTH }],
                children: [
                  new TextRun({ text: d.footer, size: 16, color: '555555' }),
                  new TextRun({ children: ['\tSeite ', PageNumber.CURRENT, ' von ', PageNumber.TOTAL_PAGES], size: 16, color: '555555' }),
                ],
              }),
            ],
          }),
        },
        children: d.blocks.flatMap(blockToDocx),
      },
    ],
  });
  return Packer.toBuffer(doc);
}

const lines = (text: string, opts: { bold?: boolean; size?: number; color?: string } = {}): TextRun[] =>
  text.split('\n').map((line, i) => new TextRun({ text: line, break: i > 0 ? 1 : 0, ...opts }));

function blockToDocx(b: Block): (Paragraph | Table)[] {
  switch (b.kind) {
    case 'title':
      return [
        new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(b.text)] }),
        new Paragraph({ children: [new TextRun({ text: b.subtitle, size: 24 })], spacing: { after: 240 } }),
      ];
    case 'heading':
      return [
        new Paragraph({
          heading: b.level === 1 ? HeadingLevel.HEADING_1 : b.level === 2 ? HeadingLevel.HEADING_2 : HeadingLevel.HEADING_3,
          keepNext: true,
          children: [new TextRun(b.text)],
        }),
      ];
    case 'para':
      return [
        new Paragraph({
          children: lines(b.text, {
            bold: b.emphasis === 'bold',
            ...(b.emphasis === 'muted' ? { color: '555555' } : b.emphasis === 'warning' ? { color: '8A1C00' } : {}),
          }),
        }),
      ];
    case 'fields':
      return [fieldsTable(b.rows), spacer()];
    case 'table':
      return [table(b.columns, b.rows), spacer()];
    case 'signatures':
      return [
        new Paragraph({ spacing: { before: 600, after: 900 }, children: [new TextRun(b.placeDate)] }),
        new Table({
          width: { size: CONTENT_WIDTH, type: WidthType.DXA },
          columnWidths: b.lines.flatMap((_, i) => (i === 0 ? [colWidth(b.lines.length)] : [567, colWidth(b.lines.length)])),
          borders: noBorders(),
          rows: [
            new TableRow({
              children: b.lines.flatMap((label, i) => {
                const cell = new TableCell({
                  borders: { ...noBorders(), top: { style: BorderStyle.SINGLE, size: 8, color: '111111' } },
                  children: [new Paragraph({ children: [new TextRun(label)] })],
                });
                return i === 0 ? [cell] : [new TableCell({ borders: noBorders(), children: [new Paragraph('')] }), cell];
              }),
            }),
          ],
        }),
      ];
  }
}

const colWidth = (n: number) => Math.floor((CONTENT_WIDTH - 567 * (n - 1)) / n);

function noBorders() {
  const none = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' } as const;
  return { top: none, bottom: none, left: none, right: none, insideHorizontal: none, insideVertical: none };
}

const spacer = () => new Paragraph({ spacing: { after: 60 }, children: [] });

function fieldsTable(rows: readonly (readonly [string, string])[]): Table {
  const labelW = 2835;
  return new Table({
    width: { size: CONTENT_WIDTH, type: WidthType.DXA },
    columnWidths: [labelW, CONTENT_WIDTH - labelW],
    borders: noBorders(),
    rows: rows.map(
      ([label, value]) =>
        new TableRow({
          children: [
            new TableCell({ width: { size: labelW, type: WidthType.DXA }, children: [new Paragraph({ children: [new TextRun({ text: label, bold: true })] })] }),
            new TableCell({ width: { size: CONTENT_WIDTH - labelW, type: WidthType.DXA }, children: [new Paragraph({ children: lines(value) })] }),
          ],
        }),
    ),
  });
}

function table(columns: readonly TableColumn[], rows: readonly (readonly string[])[]): Table {
  const total = columns.reduce((s, c) => s + c.width, 0);
  const widths = columns.map((c) => Math.floor((c.width / total) * CONTENT_WIDTH));
  const borders = { top: THIN, bottom: THIN, left: THIN, right: THIN, insideHorizontal: THIN, insideVertical: THIN };
  const cell = (text: string, i: number, header: boolean) =>
    new TableCell({
      width: { size: widths[i] ?? 0, type: WidthType.DXA },
      ...(header ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: 'E8E8E8' } } : {}),
      children: [
        new Paragraph({
          alignment: columns[i]?.align === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT,
          children: lines(text, { bold: header, size: 19 }),
        }),
      ],
    });
  return new Table({
    width: { size: CONTENT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    borders,
    rows: [
      new TableRow({ tableHeader: true, children: columns.map((c, i) => cell(c.header, i, true)) }),
      ...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((text, i) => cell(text, i, false)) })),
    ],
  });
}
