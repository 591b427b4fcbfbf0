// What the screens after the queue share: their base element (the language, the acting grant, what
// a failed call says), their styles, the words they all use, and dates in Shanghai time. Imported
// only by lazily loaded screens, so it is a chunk of its own, never part of the first screen.
import { css, LitElement, type PropertyDeclarations } from 'lit';
import type { StaffMember } from '../../schema/members.ts';
import type { RosterNode } from '../../schema/roster.ts';
import type { StaffGrant } from '../../schema/staff.ts';
import { ApiError } from './api.ts';
import type { Lang, Tables } from './i18n.ts';

export type Category = StaffMember['category'];
export type NodeKind = RosterNode['kind'];

export const CATEGORIES: readonly Category[] = ['worker', 'business_owner', 'employee', 'student', 'other'];

export const common: Tables<{
  loading: string; loadMore: string; loadingMore: string; network: string; failed: (m: string) => string; forbidden: string;
  retry: string; close: string; cancel: string; save: string; saving: string; categories: Record<Category, string>;
  kinds: Record<NodeKind, string>; members: (n: number) => string; none: string; noBranch: string; never: string; mobile: string;
  /** Between a label and its value in running text. */
  sep: string;
}> = {
  'zh-CN': {
    loading: '正在加载…', loadMore: '加载更多', loadingMore: '正在加载…',
    network: '网络连接不稳定，请检查网络后重试。', failed: (m) => `操作失败：${m}`, forbidden: '您当前的身份不能查看或处理这些内容。',
    retry: '重试', close: '关闭', cancel: '取消', save: '保存', saving: '正在保存…',
    categories: { worker: '务工', business_owner: '经商', employee: '就业', student: '学习', other: '其他' },
    kinds: { town: '镇（街道）', village: '村（社区）', committee: '流动党员党委', branch: '流动党支部' },
    members: (n) => `${n} 人`, none: '—', noBranch: '尚未报到到流动党支部', never: '从未报到', mobile: '手机号', sep: '：',
  },
  en: {
    loading: 'Loading…', loadMore: 'Load more', loadingMore: 'Loading…',
    network: 'The connection is unreliable. Check it and try again.', failed: (m) => `That did not work: ${m}`,
    forbidden: 'Your current role cannot see or change this.',
    retry: 'Try again', close: 'Close', cancel: 'Cancel', save: 'Save', saving: 'Saving…',
    categories: { worker: 'Worker', business_owner: 'Business owner', employee: 'Employee', student: 'Student', other: 'Other' },
    kinds: { town: 'Town / subdistrict', village: 'Village / community', committee: 'Mobile members\u2019 committee', branch: 'Mobile members\u2019 branch' },
    members: (n) => `${n} ${n === 1 ? 'member' : 'members'}`, none: '—', noBranch: 'Not yet with a host branch', never: 'Never checked in',
    mobile: 'Mobile', sep: ': ',
  },
};

/** A screen: the language, the acting grant (the shell makes the element anew for another grant). */
export class ScreenElement extends LitElement {
  static override properties: PropertyDeclarations = { lang: {}, acting: { attribute: false } };

  declare lang: Lang;
  declare acting: StaffGrant;

  constructor() {
    super();
    this.lang = 'zh-CN';
  }

  protected get _c() { return common[this.lang]; }

  /**
   * What to say about a failed call, in the words of the language shown when it is read. A 401 ends
   * the session instead (the shell shows the sign-in screen and says why).
   */
  protected _explain(error: unknown): (lang: Lang) => string {
    if (error instanceof ApiError && error.status === 401) {
      this.dispatchEvent(new CustomEvent('console-signed-out', { detail: { reason: 'expired' }, bubbles: true, composed: true }));
      return () => '';
    }
    if (!(error instanceof ApiError) || error.status === 0) return (lang) => common[lang].network;
    if (error.status === 403) return (lang) => common[lang].forbidden;
    const message = error.message;
    return (lang) => common[lang].failed(message);
  }
}

const SHANGHAI = 'Asia/Shanghai';
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

/** A day, or a day and time, in Shanghai (where every user of the console works). */
export const formatDate = (at: number | string, lang: Lang) =>
  new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: SHANGHAI }).format(new Date(at));
export const formatDateTime = (at: number | string, lang: Lang) =>
  new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short', timeZone: SHANGHAI }).format(new Date(at));
/** `YYYY-MM-DD` of a time, in Shanghai: the value of a date input. */
export const isoDate = (at: number) => new Date(at + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
/** 00:00 in Shanghai of a `YYYY-MM-DD`, as ms; NaN if it is not a date. */
export const dayStart = (date: string) => (/^\d{4}-\d{2}-\d{2}$/.test(date) ? Date.parse(`${date}T00:00:00+08:00`) : NaN);

/** The styles the screens share: a title row, cards, lists of rows, badges, a definition list. */
export const screenStyles = css`
  h1 { margin: 0 0 0.75rem; font-size: 1.375rem; line-height: 1.3; }
  h2 { margin: 0; font-size: 1.125rem; line-height: 1.3; }
  h3 { margin: 0.5rem 0 0; font-size: 1rem; }
  p { margin: 0; }
  .status { margin: 0.75rem 0; display: grid; gap: 0.5rem; }
  .status:empty { display: none; }
  .status:focus { outline: none; }
  .rows { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.5rem; }
  .badge { display: inline-block; padding: 0.125rem 0.5rem; border-radius: 999px; font-size: 0.8125rem; font-weight: 600; white-space: nowrap; }
  .badge.ok { background: var(--ok-bg); color: var(--ok); }
  .badge.warn { background: var(--warn-bg); color: var(--warn); }
  .badge.bad { background: var(--danger-bg); color: var(--danger); }
  .badge.plain { background: var(--page); color: var(--ink); }
  dl { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 0.25rem 0.75rem; margin: 0; font-size: 0.9375rem; }
  dt { color: var(--muted); }
  dd { margin: 0; overflow-wrap: anywhere; }
  .tel { color: var(--accent-dark); font-weight: 600; font-variant-numeric: tabular-nums; text-underline-offset: 0.2em; }
  .more { display: flex; justify-content: center; margin-top: 1rem; }
  .more .button { min-width: 12rem; }
  .actions { display: flex; flex-wrap: wrap; gap: 0.5rem; }
  .segmented { display: flex; flex-wrap: wrap; gap: 0.375rem; margin: 0 0 0.75rem; }
  .segmented .button[aria-pressed='true'] { background: var(--accent); color: #fff; }
  select.input { padding-inline-end: 2rem; }
  textarea.input { min-height: 4.5rem; resize: vertical; }
  .num { font-variant-numeric: tabular-nums; }
`;
