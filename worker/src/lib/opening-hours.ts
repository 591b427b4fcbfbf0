// Open now / next opening from weekly hours and dated exceptions, in the station's time zone.
// Pure: the caller passes the instant. Local wall times become instants through Intl, so a
// zone's offset (and its DST changes) is whatever the runtime's time-zone data says.

/** A weekly slot: `closes` ≤ `opens` means it closes the next day (past midnight). */
export type WeeklySlot = { weekday: number; opens: string; closes: string };
/** A local date (YYYY-MM-DD) whose hours replace the week's; no `opens`/`closes`: closed. */
export type HoursException = { date: string; opens?: string | null; closes?: string | null };
export type OpeningState = { openNow: boolean; closesAt?: string; nextOpening?: string };

const DAY_MS = 86_400_000;
/** How far ahead to look for the next opening: past the longest closure exceptions describe. */
const LOOKAHEAD_DAYS = 62;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The zone's wall clock at `instant`, read as if it were UTC (ms). */
function wallClock(instant: number, timeZone: string): number {
  const p = Object.fromEntries(formatter(timeZone).formatToParts(instant).map((x) => [x.type, Number(x.value)]));
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
}

/** The instant a local wall time (as UTC ms) happens in the zone; in a DST gap, just after it. */
export function localToInstant(wall: number, timeZone: string): number {
  const first = wall - (wallClock(wall, timeZone) - wall);
  const offset = wallClock(first, timeZone) - first;
  return wall - offset;
}

/** Today's local date in the zone, as a UTC midnight (ms): day arithmetic without offsets. */
export function localDay(instant: number, timeZone: string): number {
  return Math.floor(wallClock(instant, timeZone) / DAY_MS) * DAY_MS;
}
export const isoDate = (day: number) => new Date(day).toISOString().slice(0, 10);

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Opening intervals (instants) that start on local days `from`…`to`. */
function intervals(weekly: WeeklySlot[], exceptions: Map<string, HoursException>, timeZone: string, from: number, to: number) {
  const out: [number, number][] = [];
  for (let day = from; day <= to; day += DAY_MS) {
    const exception = exceptions.get(isoDate(day));
    const slots = exception
      ? (exception.opens && exception.closes ? [{ opens: exception.opens, closes: exception.closes }] : [])
      : weekly.filter((s) => s.weekday === new Date(day).getUTCDay());
    for (const { opens, closes } of slots) {
      const start = day + minutes(opens) * 60_000;
      let end = day + minutes(closes) * 60_000;
      if (end <= start) end += DAY_MS;
      out.push([localToInstant(start, timeZone), localToInstant(end, timeZone)]);
    }
  }
  return out.sort((a, b) => a[0] - b[0]);
}

export function openingState(weekly: WeeklySlot[], exceptions: HoursException[], timeZone: string, now: number): OpeningState {
  const byDate = new Map(exceptions.map((e) => [e.date, e]));
  // A week ahead answers almost always; only long closures (or hours round the clock) need more.
  return stateWithin(8, weekly, byDate, timeZone, now) ?? stateWithin(LOOKAHEAD_DAYS, weekly, byDate, timeZone, now) ?? { openNow: false };
}

/** The state as far as `days` ahead can tell; undefined if a longer look might change it. */
function stateWithin(days: number, weekly: WeeklySlot[], byDate: Map<string, HoursException>, timeZone: string, now: number) {
  const today = localDay(now, timeZone);
  // From yesterday: its late hours may still be running after midnight.
  const all = intervals(weekly, byDate, timeZone, today - DAY_MS, today + days * DAY_MS);
  const last = days === LOOKAHEAD_DAYS;
  const current = all.find(([start, end]) => start <= now && now < end);
  const iso = (t: number) => new Date(t).toISOString();
  if (current) {
    // Back-to-back slots (e.g. 18:00–24:00 then 00:00–02:00) read as one stretch.
    let closes = current[1];
    for (const [start, end] of all) if (start <= closes && end > closes) closes = end;
    const lastEnd = Math.max(...all.map(([, end]) => end));
    return closes < lastEnd || last ? { openNow: true, closesAt: iso(closes) } : undefined;
  }
  const next = all.find(([start]) => start > now);
  return next ? { openNow: false, nextOpening: iso(next[0]) } : last ? { openNow: false } : undefined;
}
