// A node's funnel as .xlsx (ExcelJS, loaded on the first export): a row per node (the node, then
// all its children) and channel, a column per count, numbers as number cells so that staff can sum
// and chart them in Excel or WPS.
import type { Funnel, FunnelCounts } from '../../../schema/index.ts';
import { XLSX_TYPE } from './not-reported.ts';

export { XLSX_TYPE };

const CHANNEL_ZH = { all: '全部', print: '纸质信', sms: '短信' } as const;
/** The count columns, in the funnel's order, with their Chinese headers. */
export const COUNT_HEADERS: readonly [keyof FunnelCounts, string][] = [
  ['letters', '信件'], ['sent', '已发出'], ['delivered', '已送达'], ['failed', '发送失败'],
  ['opened', '已打开'], ['reported', '已报到'], ['confirmed', '已确认'], ['reminded', '已提醒'],
];
export const FUNNEL_HEADERS = ['组织', '层级', '渠道', ...COUNT_HEADERS.map(([, h]) => h)];
const KIND_ZH = { tenant: '全部', town: '镇（街道）', village: '村（社区）', committee: '党委', branch: '流动党支部' } as const;

/** `complete` false: the children stop short of the node's (funnelWalk's bound), and a last row says so. */
export async function funnelWorkbook(funnel: Funnel, title: string, complete = true): Promise<Uint8Array<ArrayBuffer>> {
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('漏斗', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = FUNNEL_HEADERS.map((header, i) => ({ header, width: i === 0 ? 28 : i < 3 ? 10 : 9 }));
  sheet.getRow(1).font = { bold: true };
  for (const node of [funnel.node, ...funnel.children]) {
    for (const channel of ['all', 'print', 'sms'] as const) {
      sheet.addRow([node.name.zh, KIND_ZH[node.kind], CHANNEL_ZH[channel], ...COUNT_HEADERS.map(([col]) => node.counts[channel][col])]);
    }
  }
  if (!complete) sheet.addRow([`下级组织过多，仅列出按名称排序的前 ${funnel.children.length} 个`]);
  book.title = title;
  return new Uint8Array(await book.xlsx.writeBuffer());
}

/** `attachment` named 家乡来信_<campaign>_<node>.xlsx (filename* in UTF-8, an ASCII fallback). */
export function funnelAttachment(title: string, nodeName: string, campaignId: string, nodeId: string): string {
  const clean = (s: string) => s.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_');
  const name = `家乡来信_${clean(title)}_${clean(nodeName)}.xlsx`;
  const ascii = `funnel_${`${campaignId}_${nodeId}`.replace(/[^A-Za-z0-9._-]/g, '_')}.xlsx`;
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
