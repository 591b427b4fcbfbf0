// A roster file read in the browser: .xlsx with read-excel-file, CSV with papaparse, each loaded
// only when such a file is picked (chunks of their own). Every cell becomes text; the first row
// that is not empty is the header, and empty rows are left out.

/** `lines[i]`: the number a spreadsheet shows for `rows[i]` (the header's is `lines` less one, or less). */
export type Table = { header: string[]; rows: string[][]; lines: number[] };

/** A .xlsx file unless it is named or typed as CSV. */
export const isCsv = (file: File) => /\.csv$/i.test(file.name) || file.type === 'text/csv';

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

function cellText(cell: unknown): string {
  if (cell === null || cell === undefined) return '';
  // A date cell as the day it shows in Shanghai.
  if (cell instanceof Date) return new Date(cell.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
  return String(cell).trim();
}

/** UTF-8 (with or without a BOM); else GB 18030, which Excel on Chinese Windows writes CSV in. */
function decode(bytes: ArrayBuffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

export async function readTable(file: File): Promise<Table> {
  let cells: unknown[][];
  if (isCsv(file)) {
    const { default: Papa } = await import('papaparse');
    cells = Papa.parse<string[]>(decode(await file.arrayBuffer())).data;
  } else {
    const { readSheet } = await import('read-excel-file/browser');
    cells = await readSheet(file);
  }
  const table = cells.map((row, i) => ({ line: i + 1, cells: row.map(cellText) })).filter((row) => row.cells.some((cell) => cell !== ''));
  const [header, ...rows] = table;
  return { header: header?.cells ?? [], rows: rows.map((r) => r.cells), lines: rows.map((r) => r.line) };
}
