// Opening hours as HSDS 3.0 schedules: weekly hours grouped by identical times (iCal WEEKLY
// with BYDAY), and each dated exception as a schedule valid on that date only; and the export's
// one-language text helpers.
import type { HsdsSchedule, stationHourExceptions, stationHours, stations } from '../../../schema/index.ts';

export type Lang = 'zh-CN' | 'en';
export const pick = (lang: Lang, zh: string, en: string | null) => (lang === 'en' && en ? en : zh);

const DAY_CODES = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];
const DAY_NAMES = { 'zh-CN': ['周日', '周一', '周二', '周三', '周四', '周五', '周六'], en: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] };
/** Monday first, as iCal's WKST=MO lists them. */
const mondayFirst = (weekday: number) => (weekday + 6) % 7;

/** The zone's UTC offset at `now` as `+08:00` (or `Z`), and in hours. */
function utcOffset(timeZone: string, now: number): { suffix: string; hours: number } {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(now)
    .find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = name.match(/^GMT([+-])(\d{2}):(\d{2})$/);
  if (!m) return { suffix: 'Z', hours: 0 };
  const minutes = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
  return { suffix: `${m[1]}${m[2]}:${m[3]}`, hours: minutes / 60 };
}

export function languageName(code: string, lang: Lang): string {
  try {
    return new Intl.DisplayNames([lang], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}


export type ScheduleBody = Omit<HsdsSchedule, 'id' | 'service_id' | 'location_id' | 'service_at_location_id'> & { key: string };

/** Weekly hours grouped by identical times (one schedule for MO–FR 09:00–18:00), then dated exceptions. */
export function schedules(
  s: typeof stations.$inferSelect, weekly: (typeof stationHours.$inferSelect)[], dated: (typeof stationHourExceptions.$inferSelect)[],
  lang: Lang, now: number,
): ScheduleBody[] {
  const { suffix, hours: timezone } = utcOffset(s.timeZone, now);
  const zoneNote = lang === 'en' ? `Time zone: ${s.timeZone}` : `时区：${s.timeZone}`;
  const overnight = (opens: string, closes: string) => (closes <= opens ? (lang === 'en' ? ' (next day)' : '（次日）') : '');
  const groups = new Map<string, number[]>();
  for (const h of weekly) groups.set(`${h.opens}-${h.closes}`, [...(groups.get(`${h.opens}-${h.closes}`) ?? []), h.weekday]);
  const out: ScheduleBody[] = [...groups].map(([key, days]) => {
    const [opens, closes] = key.split('-') as [string, string];
    const sorted = [...new Set(days)].sort((a, b) => mondayFirst(a) - mondayFirst(b));
    const dayNames = sorted.map((d) => DAY_NAMES[lang][d]).join(lang === 'en' ? ', ' : '、');
    return {
      key: `weekly:${key}`, freq: 'WEEKLY', wkst: 'MO', byday: sorted.map((d) => DAY_CODES[d]).join(','),
      opens_at: `${opens}${suffix}`, closes_at: `${closes}${suffix}`, timezone,
      description: `${dayNames} ${opens}–${closes}${overnight(opens, closes)}`, notes: zoneNote,
    };
  });
  for (const e of dated) {
    const weekday = new Date(`${e.date}T00:00:00Z`).getUTCDay();
    const open = e.opens !== null && e.closes !== null;
    const note = pick(lang, e.noteZh, e.noteEn);
    out.push({
      key: `date:${e.date}`, freq: 'WEEKLY', wkst: 'MO', byday: DAY_CODES[weekday]!, valid_from: e.date, valid_to: e.date, dtstart: e.date,
      ...(open ? { opens_at: `${e.opens}${suffix}`, closes_at: `${e.closes}${suffix}` } : {}),
      timezone,
      description: open
        ? (lang === 'en' ? `Special hours on ${e.date}: ${e.opens}–${e.closes}` : `${e.date} 特别开放时间 ${e.opens}–${e.closes}`) + overnight(e.opens!, e.closes!)
        : (lang === 'en' ? `Closed on ${e.date}` : `${e.date} 闭站`),
      notes: note ? `${note}; ${zoneNote}` : zoneNote,
    });
  }
  return out;
}

