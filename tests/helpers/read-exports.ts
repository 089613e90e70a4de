/** Reading the exports back the way a consumer does: PDF text with pdf.js, DOCX XML from the zip. */
import JSZip from 'jszip';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** The text of every page, lines joined by "\n", pages by "\f". */
export async function pdfText(pdf: Buffer): Promise<{ pages: number; text: string }> {
  const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i += 1) {
    const content = await (await doc.getPage(i)).getTextContent();
    let line = '';
    const lines: string[] = [];
    for (const item of content.items) {
      if (!('str' in item)) continue;
      line += item.str;
      if (item.hasEOL) {
        lines.push(line);
        line = '';
      }
    }
    if (line) lines.push(line);
    pages.push(lines.join('\n'));
  }
  const pageCount = doc.numPages;
  await doc.destroy();
  return { pages: pageCount, text: pages.join('\f') };
}

/** word/document.xml and the plain text of its paragraphs (one line per w:p). */
export async function docxContent(docx: Buffer): Promise<{ files: string[]; xml: string; styles: string; text: string; footer: string }> {
  const zip = await JSZip.loadAsync(docx);
  const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
  const styles = (await zip.file('word/styles.xml')?.async('string')) ?? '';
  const footerName = Object.keys(zip.files).find((f) => /^word\/footer\d*\.xml$/.test(f));
  const footer = footerName ? ((await zip.file(footerName)?.async('string')) ?? '') : '';
  const paragraphText = (x: string) =>
    [...x.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)]
      .map((p) => [...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<w:br\/>/g)].map((t) => (t[1] === undefined ? '\n' : t[1])).join(''))
      .map((t) => t.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'"))
      .join('\n');
  return { files: Object.keys(zip.files), xml, styles, text: paragraphText(xml), footer: paragraphText(footer) };
}

/** Splits CSV as written by the exports (";" separated, double-quote quoting, CRLF). */
export function parseCsv(buf: Buffer): { bom: boolean; rows: string[][] } {
  let s = buf.toString('utf8');
  const bom = s.startsWith('\uFEFF');
  if (bom) s = s.slice(1);
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < s.length; i += 1) {
    const c = s[i];
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ';') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && s[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 1;
    } else cell += c;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return { bom, rows };
}
