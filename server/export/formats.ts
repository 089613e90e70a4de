/** The export formats and their files: light, so the server can route downloads without loading the renderers. */
export const EXPORT_FORMATS = ['pdf', 'docx', 'csv', 'csv-named', 'csv-elections', 'json', 'oparl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export function isExportFormat(s: string): s is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(s);
}

export const CONTENT_TYPES: Readonly<Record<ExportFormat, string>> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  csv: 'text/csv; charset=utf-8',
  'csv-named': 'text/csv; charset=utf-8',
  'csv-elections': 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  oparl: 'application/json; charset=utf-8',
};

const FILE_SUFFIX: Readonly<Record<ExportFormat, string>> = {
  pdf: 'niederschrift.pdf',
  docx: 'niederschrift-entwurf.docx',
  csv: 'abstimmungen.csv',
  'csv-named': 'namentliche-abstimmungen.csv',
  'csv-elections': 'wahlen.csv',
  json: 'sitzung.json',
  oparl: 'oparl.json',
};

export function exportFileName(minutes: { session: { id: string } }, format: ExportFormat): string {
  return `${minutes.session.id}-${FILE_SUFFIX[format]}`;
}
