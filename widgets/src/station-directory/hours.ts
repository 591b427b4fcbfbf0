// Opening times as a visitor reads them, always in the STATION's time zone: the visitor's phone
// may be set to another zone. The server decides open or closed; this only writes it down.
import type { Station } from '../../../schema/stations.ts';
import { pick, type Lang } from '../shared/i18n.ts';
import type { DirectoryMessages } from './messages.ts';

type Hours = Pick<Station, 'openNow' | 'closesAt' | 'nextOpening' | 'timeZone'>;

/** The calendar date of an instant in a zone, `2026-11-28`. */
const localDate = (instant: number, timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone }).format(instant);

/**
 * When the server's answer stops being true: its closing time if open, else its next opening; NaN
 * if none is known. Once it has passed the directory asks the server again: the change may be to
 * another state than the opposite one (a holiday, an early closing).
 */
export const changeAt = (s: Hours): number => Date.parse((s.openNow ? s.closesAt : s.nextOpening) ?? '');

/**
 * The next change, e.g. "今天 18:00 关门", "明天 09:00 开门", "周六 09:00 开门", "1月3日 09:00 开门";
 * '' when none is known. Days count in the station's zone; its zone is named if the visitor's differs.
 */
export function nextChange(s: Hours, now: number, lang: Lang, t: DirectoryMessages,
  visitorZone = new Intl.DateTimeFormat().resolvedOptions().timeZone): string {
  const open = s.openNow;
  const at = changeAt(s);
  if (!(at > now)) return '';
  const { timeZone } = s;
  const days = (Date.parse(localDate(at, timeZone)) - Date.parse(localDate(now, timeZone))) / 86_400_000;
  const day = days === 0 ? t.today : days === 1 ? t.tomorrow : new Intl.DateTimeFormat(lang,
    days < 7 ? { weekday: 'short', timeZone } : { month: 'short', day: 'numeric', timeZone }).format(at);
  const time = new Intl.DateTimeFormat(lang, {
    hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone, timeZoneName: timeZone === visitorZone ? undefined : 'short',
  }).format(at);
  return (open ? t.closes : t.opens)(day, time);
}

/** "09:00–18:00"; word joiners keep a line from breaking at the dash, only between spans. */
const span = (opens: string, closes: string, t: DirectoryMessages) => `${opens}\u2060–\u2060${closes <= opens ? t.nextDay(closes) : closes}`;

/** Monday first; consecutive days with the same hours share a line: [["周二至周日", "09:00–18:00"], ["周一", "休息"]]. */
export function weekLines(hours: Station['hours'], lang: Lang, t: DirectoryMessages): [string, string][] {
  const weekday = new Intl.DateTimeFormat(lang, { weekday: 'short', timeZone: 'UTC' });
  const name = (d: number) => weekday.format(Date.UTC(1970, 0, 4 + d)); // 4 January 1970 was a Sunday
  const lines: { from: number; to: number; text: string }[] = [];
  for (const d of [1, 2, 3, 4, 5, 6, 0]) {
    const text = hours.filter((h) => h.weekday === d).map((h) => span(h.opens, h.closes, t)).join(t.sep) || t.rest;
    const last = lines[lines.length - 1];
    if (last?.text === text) last.to = d;
    else lines.push({ from: d, to: d, text });
  }
  return lines.map(({ from, to, text }) => [from === to ? name(from) : t.dayRange(name(from), name(to)), text]);
}

/** Holidays and special hours from the station's today on: [["1月1日周五", "元旦闭站"]]. */
export function exceptionLines(s: Pick<Station, 'exceptions' | 'timeZone'>, now: number, lang: Lang, t: DirectoryMessages): [string, string][] {
  const date = new Intl.DateTimeFormat(lang, { month: 'short', day: 'numeric', weekday: 'short', timeZone: 'UTC' });
  const today = localDate(now, s.timeZone);
  return s.exceptions.filter((e) => e.date >= today).map((e) => [
    date.format(Date.parse(e.date)),
    e.closed || !e.opens || !e.closes ? pick(e.note, lang) || t.closedAllDay : [span(e.opens, e.closes, t), pick(e.note, lang)].filter(Boolean).join(t.sep),
  ]);
}
