// Opening hours as HSDS 3.0 schedules: weekly hours grouped by identical times (iCal WEEKLY
// with BYDAY), and each dated exception as a schedule valid on that date only; and the export's
// one-language text helpers.
//
// HSDS times carry a UTC offset. A dated exception gets the offset in force at its own times (a
// date past a clock change gets the other one); weekly hours can only carry one, today's, so
// their notes say the times are local to the station's zone, and that its offset changes with
// daylight saving where it does.
import type { HsdsSchedule, stationHourExceptions, stationHours, stations } from '../../../schema/index.ts';
import { localToInstant } from '../lib/opening-hours.ts';

export type Lang = 'zh-CN' | 'en';
export const pick = (lang: Lang, zh: string, en: string | null) => (lang === 'en' && en ? en : zh);

const DAY_CODES = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];
const DAY_NAMES = { 'zh-CN': ['周日', '周一', '周二', '周三', '周四', '周五', '周六'], en: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] };
/** Monday first, as iCal's WKST=MO lists them. */
const mondayFirst = (weekday: number) => (weekday + 6) % 7;

/** The zone's UTC offset at `now` as `+08:00` (`+00:00` for UTC itself), and in hours. */
function utcOffset(timeZone: string, now: number): { suffix: string; hours: number } {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(now)
    .find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  // Node writes UTC itself as `GMT`, workerd as `GMT+00:00`: the same either way.
  const m = name.match(/^GMT([+-])(\d{2}):(\d{2})$/);
  if (!m) return { suffix: '+00:00', hours: 0 };
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
  const zone = s.timeZone;
  // Whether the zone's offset changes within the year (daylight saving), seen from January and July.
  const year = new Date(now).getUTCFullYear();
  const seasonal = utcOffset(zone, Date.UTC(year, 0, 1)).suffix !== utcOffset(zone, Date.UTC(year, 6, 1)).suffix;
  const zoneNote = lang === 'en' ? `Times are local time in ${zone}` : `时间为${zone}当地时间`;
  const weeklyNote = seasonal
    ? (lang === 'en' ? `${zoneNote}; the UTC offset given is today's and changes with daylight saving` : `${zoneNote}；所注UTC偏移为今日的，随夏令时变化`)
    : zoneNote;
  /** The offset in force at a local date and time (`HH:MM`), `nextDay` for a time past midnight. */
  const offsetAt = (date: string, time: string, nextDay = false) =>
    utcOffset(zone, localToInstant(Date.parse(`${date}T${time}:00Z`) + (nextDay ? 86_400_000 : 0), zone));
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
      description: `${dayNames} ${opens}–${closes}${overnight(opens, closes)}`, notes: weeklyNote,
    };
  });
  for (const e of dated) {
    const weekday = new Date(`${e.date}T00:00:00Z`).getUTCDay();
    const open = e.opens !== null && e.closes !== null;
    const note = pick(lang, e.noteZh, e.noteEn);
    // Its own date's offsets: at opening, and at closing (the next day if it runs past midnight).
    const opensOffset = offsetAt(e.date, open ? e.opens! : '12:00');
    const closesOffset = open ? offsetAt(e.date, e.closes!, e.closes! <= e.opens!) : opensOffset;
    out.push({
      key: `date:${e.date}`, freq: 'WEEKLY', wkst: 'MO', byday: DAY_CODES[weekday]!, valid_from: e.date, valid_to: e.date, dtstart: e.date,
      ...(open ? { opens_at: `${e.opens}${opensOffset.suffix}`, closes_at: `${e.closes}${closesOffset.suffix}` } : {}),
      timezone: opensOffset.hours,
      description: open
        ? (lang === 'en' ? `Special hours on ${e.date}: ${e.opens}–${e.closes}` : `${e.date} 特别开放时间 ${e.opens}–${e.closes}`) + overnight(e.opens!, e.closes!)
        : (lang === 'en' ? `Closed on ${e.date}` : `${e.date} 闭站`),
      notes: note ? `${note}; ${zoneNote}` : zoneNote,
    });
  }
  return out;
}

