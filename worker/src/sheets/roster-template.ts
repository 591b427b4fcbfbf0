// The roster import's template: the columns the import reads, with Chinese headers, and one
// example row naming a real town and village of the caller's part of the tree. As .xlsx
// (ExcelJS, loaded only when asked for) or CSV (UTF-8 with a BOM, which Excel on Chinese Windows
// needs to read UTF-8).
import type { DataValidation } from 'exceljs';
import { memberCategoryLabelsZh } from '../../../schema/index.ts';

export const TEMPLATE_HEADERS = ['姓名', '手机号', '户籍镇（街道）', '户籍村（社区）', '现居城市', '类别', '工作单位'] as const;
const WIDTHS = [10, 14, 16, 18, 10, 8, 24];
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The example row: a made-up member of `town` and `village`, in the 1380000xxxx test range. */
export const exampleRow = (town: string, village: string) => ['张三', '13800000000', town, village, '常州', memberCategoryLabelsZh.worker, '常州某某建筑公司'];

/** CSV: BOM, header line, the example, CRLF. Our own texts: nothing to quote or neutralise. */
export function templateCsv(example: string[]): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(`\uFEFF${[TEMPLATE_HEADERS.join(','), example.join(',')].map((l) => `${l}\r\n`).join('')}`);
}

/**
 * .xlsx: one sheet 花名册, a bold header row that stays in view, the 手机号 column as text (so
 * that Excel keeps the digits as typed, not 1.38E+10), and a drop-down of the categories.
 */
export async function templateXlsx(example: string[]): Promise<Uint8Array<ArrayBuffer>> {
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('花名册', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = TEMPLATE_HEADERS.map((header, i) => ({ header, width: WIDTHS[i] }));
  sheet.getRow(1).font = { bold: true };
  sheet.getColumn(2).numFmt = '@';
  sheet.addRow(example);
  const categories = `"${Object.values(memberCategoryLabelsZh).join(',')}"`;
  // One rule for the column's range (ExcelJS's typings know only a cell's rule; its sheets have this too).
  (sheet as unknown as { dataValidations: { add(range: string, rule: DataValidation): void } }).dataValidations
    .add('F2:F20000', { type: 'list', allowBlank: true, formulae: [categories], showErrorMessage: true });
  return new Uint8Array(await book.xlsx.writeBuffer());
}

/** `attachment` named 花名册导入模板.<ext> (RFC 6266: `filename*` in UTF-8, and an ASCII `filename`). */
export const templateAttachment = (ext: 'csv' | 'xlsx') =>
  `attachment; filename="roster-import-template.${ext}"; filename*=UTF-8''${encodeURIComponent(`花名册导入模板.${ext}`)}`;
