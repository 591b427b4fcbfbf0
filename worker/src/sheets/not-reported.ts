// The 未报到 list as a file for staff to open in Excel or WPS: CSV (UTF-8 with a BOM, which Excel
// on Chinese Windows needs to read UTF-8) or .xlsx (ExcelJS). Chinese headers, one row per member
// in id order. A member's fields are what they typed into the check-in form, so a CSV cell that a
// spreadsheet would run as a formula is prefixed with ' (CSV injection); an .xlsx cell is a string
// cell, which no spreadsheet runs.
import type { memberCategories } from '../../../schema/index.ts';
import { SHANGHAI_OFFSET_MS, type ExportChunk, type WalkRow } from '../data/not-reported.ts';

/** The check-in form's words for the categories (widgets/src/check-in/messages.ts, zh-CN). */
const CATEGORY_ZH: Record<(typeof memberCategories)[number], string> = { worker: '务工', business_owner: '经商', employee: '就业', student: '学习', other: '其他' };

/** The columns: Chinese header, width in characters (xlsx), value. */
const COLUMNS: readonly { header: string; width: number; value: (r: WalkRow, towns: ExportChunk['towns']) => string }[] = [
  { header: '姓名', width: 10, value: (r) => r.name },
  { header: '手机号', width: 14, value: (r) => r.mobile },
  { header: '户籍村（社区）', width: 18, value: (r) => (r.unitKind === 'village' ? r.unitZh ?? '' : '') },
  { header: '户籍镇（街道）', width: 14, value: (r, towns) => (r.homeTownId === null ? '' : towns.get(r.homeTownId) ?? '') },
  { header: '现居城市', width: 10, value: (r) => r.currentCity ?? '' },
  { header: '类别', width: 8, value: (r) => CATEGORY_ZH[r.category] },
  { header: '工作单位', width: 24, value: (r) => r.employer ?? '' },
  { header: '所在流动党支部', width: 28, value: (r) => r.branchZh ?? '' },
  { header: '最近报到时间', width: 17, value: (r) => (r.lastCheckInAt === null ? '' : shanghaiDateTime(r.lastCheckInAt)) },
];
const HEADERS = COLUMNS.map((c) => c.header);

/** `YYYY-MM-DD HH:mm` in Asia/Shanghai. */
export const shanghaiDateTime = (ms: number) => new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
/** `YYYY-MM-DD` in Asia/Shanghai. */
export const shanghaiDate = (ms: number) => shanghaiDateTime(ms).slice(0, 10);

/** Characters that make a spreadsheet read a cell as a formula (OWASP: = + - @, tab, carriage return). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV field: prefixed with ' if it could run as a formula, quoted if it holds a quote, comma or line break. */
export function csvField(text: string): string {
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

const csvLine = (fields: readonly string[]) => `${fields.map(csvField).join(',')}\r\n`;

/** Builds the CSV chunk by chunk; `bytes()` is the file: BOM, header line, a line per member (CRLF). */
export function csvWriter() {
  const parts = [`\uFEFF${csvLine(HEADERS)}`];
  return {
    add({ rows, towns }: ExportChunk) {
      parts.push(rows.map((r) => csvLine(COLUMNS.map((c) => c.value(r, towns)))).join(''));
    },
    bytes: () => new TextEncoder().encode(parts.join('')),
  };
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const SHEET_NAME = '未报到';

/**
 * Builds the workbook chunk by chunk: one sheet 未报到, a bold header row that stays in view, the
 * column widths, every cell text except the last check-in (a date-time cell in Shanghai time).
 * ExcelJS is loaded on the first export, not when the worker starts.
 */
export async function xlsxWriter() {
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(SHEET_NAME, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = COLUMNS.map((c) => ({ header: c.header, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  const last = COLUMNS.length;
  sheet.getColumn(last).numFmt = 'yyyy-mm-dd hh:mm';
  return {
    add({ rows, towns }: ExportChunk) {
      for (const r of rows) {
        // Excel has no time zones: the cell holds Shanghai's wall-clock time.
        const at = r.lastCheckInAt === null ? null : new Date(r.lastCheckInAt + SHANGHAI_OFFSET_MS);
        sheet.addRow([...COLUMNS.slice(0, -1).map((c) => c.value(r, towns)), at]);
      }
    },
    /** Deflate level 1: about half the time of the default for a quarter more bytes. */
    bytes: async () => new Uint8Array(await book.xlsx.writeBuffer({ zip: { compression: 'DEFLATE', compressionOptions: { level: 1 } } })),
  };
}

/**
 * `attachment` with the name 未报到_<node>_<since>.<ext> (RFC 6266: `filename*` in UTF-8, and
 * an ASCII `filename` for clients that read only that).
 */
export function attachment(label: string, asciiLabel: string, since: number, ext: 'csv' | 'xlsx'): string {
  const date = shanghaiDate(since);
  const name = `未报到_${label.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_')}_${date}.${ext}`;
  const ascii = `not-reported_${asciiLabel.replace(/[^A-Za-z0-9._-]/g, '_')}_${date}.${ext}`;
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
