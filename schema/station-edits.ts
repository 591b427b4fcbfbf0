// Request bodies for staff editing of stations: the worker validates with them,
// OpenAPI documents them, the SDK takes its parameter types from them.
import { z } from '@hono/zod-openapi';
import { Position } from './common.ts';
import { serviceCategories } from './tables.ts';

/** Both languages; `zh` is required wherever the public shows it, `en` may wait for a translator. */
const text = (max: number, { required = true } = {}) => z.strictObject({
  zh: required ? z.string().trim().min(1).max(max) : z.string().trim().max(max),
  en: z.string().trim().max(max),
}).openapi({ example: { zh: '政策解读', en: 'Policy advice' } });

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const localTime = z.string().regex(HHMM, 'Must be HH:MM (00:00–23:59).').openapi({ example: '09:00' });
const YMD = /^(\d{4})-(\d{2})-(\d{2})$/;
/**
 * Whether `YYYY-MM-DD` names a day of the (proleptic Gregorian) calendar, by arithmetic: it
 * never throws (a `Date` made from `2027-13-01` is invalid, and its `toISOString()` throws).
 */
export function isCalendarDate(date: string): boolean {
  const m = YMD.exec(date);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return days !== undefined && day >= 1 && day <= days;
}
// Zod runs a refinement even after the regex failed: the refinement says only what the regex does not.
const isoDate = z.string().regex(YMD, 'Must be YYYY-MM-DD.')
  .refine((d) => !YMD.test(d) || isCalendarDate(d), 'Not a calendar date.')
  .openapi({ example: '2027-01-01' });

/** An IANA zone the runtime knows (`Asia/Shanghai`, `Europe/Berlin`, `UTC`); offsets like `+08:00` are not zones. */
export const TimeZone = z.string().max(64).regex(/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/, 'Must be an IANA time zone such as Asia/Shanghai.')
  .refine((zone) => {
    try { new Intl.DateTimeFormat('en-US', { timeZone: zone }); return true; } catch { return false; }
  }, 'Unknown time zone.')
  .openapi({ example: 'Asia/Shanghai' });

const phone = z.string().trim().regex(/^\+?[0-9][0-9 ()-]{2,30}$/, 'Must be a phone number (digits, spaces, dashes).')
  .openapi({ example: '0519-86310000', description: "The station's public phone; never a person's number." });
const email = z.string().trim().max(200).email().openapi({ example: 'changzhou@station.pizhou.example' });

const stationFields = {
  name: text(200),
  description: text(2000, { required: false }),
  address: text(300),
  position: Position,
  officePhone: phone.nullable(),
  officeEmail: email.nullable(),
  timeZone: TimeZone,
  alert: text(300).nullable().openapi({ description: 'A short notice (e.g. temporarily closed); null removes it.' }),
};

export const StationUpdate = z.strictObject({
  name: stationFields.name.optional(),
  description: stationFields.description.optional(),
  address: stationFields.address.optional(),
  position: stationFields.position.optional(),
  officePhone: stationFields.officePhone.optional(),
  officeEmail: stationFields.officeEmail.optional(),
  timeZone: stationFields.timeZone.optional(),
  alert: stationFields.alert.optional(),
}).refine((u) => Object.keys(u).length > 0, 'Nothing to change: give at least one field.')
  .openapi('StationUpdate', {
    description: 'The fields to change; others stay as they are.',
    example: { alert: { zh: '今日下午临时闭站', en: 'Closed this afternoon' } },
  });

export const StationCreate = z.strictObject({
  id: z.string().regex(/^st_[a-z0-9_]{2,60}$/, 'Must look like st_wuxi (lower case, digits, _).').optional()
    .openapi({ description: 'Chosen id; generated when absent.', example: 'st_wuxi' }),
  cityId: z.string().min(1).max(64).openapi({ description: 'A host city of the tenant (`/v1/cities`).', example: 'pizhou_suzhou' }),
  committeeId: z.string().min(1).max(64).nullable().optional()
    .openapi({ description: "The committee it hangs off; a committee secretary's own by default, null: the home org." }),
  ...stationFields,
  description: stationFields.description.optional(),
  officePhone: stationFields.officePhone.optional(),
  officeEmail: stationFields.officeEmail.optional(),
  timeZone: stationFields.timeZone.default('Asia/Shanghai'),
  alert: stationFields.alert.optional(),
}).openapi('StationCreate', {
  example: {
    cityId: 'pizhou_suzhou', committeeId: 'cm_suzhou',
    name: { zh: '邳州流动党员吴中服务驿站', en: 'Pizhou Service Station, Wuzhong' },
    address: { zh: '江苏省苏州市吴中区东吴北路1号', en: '1 Dongwu North Road, Wuzhong, Suzhou' },
    position: { lat: 31.27, lng: 120.63 },
  },
});

const serviceFields = {
  category: z.enum(serviceCategories),
  description: text(2000),
  eligibility: text(1000),
  howToApply: text(1000),
  languages: z.array(z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'Must be a BCP 47 tag such as zh or en.'))
    .min(1).max(10).openapi({ example: ['zh', 'en'] }),
  fees: text(500).nullable().openapi({ description: 'Null: free of charge.' }),
};

export const StationServiceCreate = z.strictObject({ ...serviceFields, languages: serviceFields.languages.default(['zh']), fees: serviceFields.fees.default(null) })
  .openapi('StationServiceCreate', {
    example: {
      category: 'policy', description: { zh: '社保、落户政策解读', en: 'Advice on social insurance and residence rules' },
      eligibility: { zh: '邳州籍流动党员', en: 'Mobile members from Pizhou' },
      howToApply: { zh: '开放时间到驿站登记', en: 'Come in during opening hours' }, languages: ['zh', 'en'], fees: null,
    },
  });

export const StationServiceUpdate = z.strictObject({
  category: serviceFields.category.optional(),
  description: serviceFields.description.optional(),
  eligibility: serviceFields.eligibility.optional(),
  howToApply: serviceFields.howToApply.optional(),
  languages: serviceFields.languages.optional(),
  fees: serviceFields.fees.optional(),
}).refine((u) => Object.keys(u).length > 0, 'Nothing to change: give at least one field.')
  .openapi('StationServiceUpdate', { example: { fees: { zh: '材料费20元', en: 'Materials: 20 yuan' } } });

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const WEEK = 7 * 24 * 60;

export const StationHoursPut = z.strictObject({
  hours: z.array(z.strictObject({
    weekday: z.number().int().min(0).max(6).openapi({ description: '0 Sunday … 6 Saturday.' }),
    opens: localTime,
    closes: localTime.openapi({ description: 'At or before `opens`: the next day (past midnight).' }),
  })).max(70),
  exceptions: z.array(z.strictObject({
    date: isoDate,
    opens: localTime.nullable(),
    closes: localTime.nullable(),
    note: text(200, { required: false }).default({ zh: '', en: '' }),
  })).max(400).default([]),
}).superRefine((body, ctx) => {
  // Slots as minutes of the week; one past midnight runs into the next day (and Saturday's into Sunday).
  const slots = body.hours.map((h, i) => {
    const start = h.weekday * 24 * 60 + minutes(h.opens);
    const length = (minutes(h.closes) - minutes(h.opens) + 24 * 60) % (24 * 60) || 24 * 60;
    return { i, start, end: start + length };
  });
  for (const a of slots) {
    for (const b of slots) {
      if (b.i <= a.i) continue;
      const overlaps = [-WEEK, 0, WEEK].some((shift) => a.start < b.end + shift && b.start + shift < a.end);
      if (overlaps) ctx.addIssue({ code: 'custom', path: ['hours', b.i], message: `Overlaps hours[${a.i}].` });
    }
  }
  const seen = new Map<string, number>();
  body.exceptions.forEach((e, i) => {
    if ((e.opens === null) !== (e.closes === null)) {
      ctx.addIssue({ code: 'custom', path: ['exceptions', i], message: 'Give both opens and closes (special hours), or neither (closed).' });
    }
    if (seen.has(e.date)) ctx.addIssue({ code: 'custom', path: ['exceptions', i, 'date'], message: `Same date as exceptions[${seen.get(e.date)}].` });
    seen.set(e.date, i);
  });
}).openapi('StationHoursPut', {
  description: 'The whole weekly schedule and every dated exception; replaces what the station had.',
  example: {
    hours: [{ weekday: 1, opens: '09:00', closes: '18:00' }, { weekday: 6, opens: '22:00', closes: '02:00' }],
    exceptions: [{ date: '2027-02-06', opens: null, closes: null, note: { zh: '春节闭站', en: 'Closed for Spring Festival' } }],
  },
});

export const VolunteerTeamsPut = z.strictObject({
  teams: z.array(z.strictObject({
    id: z.string().min(1).max(64).optional().openapi({ description: "An existing team of this station keeps its id; leave out for a new team." }),
    name: text(200),
    description: text(1000, { required: false }).default({ zh: '', en: '' }),
  })).max(50),
}).superRefine((body, ctx) => {
  const ids = body.teams.map((t) => t.id).filter(Boolean);
  if (new Set(ids).size !== ids.length) ctx.addIssue({ code: 'custom', path: ['teams'], message: 'A team id appears twice.' });
}).openapi('VolunteerTeamsPut', {
  description: 'The complete list of the station\'s volunteer teams; replaces what it had.',
  example: { teams: [{ id: 'vt_cz_market', name: { zh: '凌家塘红色先锋队', en: 'Lingjiatang Vanguard' }, description: { zh: '', en: '' } }] },
});

export const StationServiceIdParam = z.object({
  id: z.string().min(1).max(64).openapi({ param: { name: 'id', in: 'path' }, example: 'st_changzhou' }),
  serviceId: z.string().min(1).max(64).openapi({ param: { name: 'serviceId', in: 'path' }, example: 'st_changzhou_sv2' }),
});

export type StationUpdate = z.input<typeof StationUpdate>;
export type StationCreate = z.input<typeof StationCreate>;
export type StationServiceCreate = z.input<typeof StationServiceCreate>;
export type StationServiceUpdate = z.input<typeof StationServiceUpdate>;
export type StationHoursPut = z.input<typeof StationHoursPut>;
export type VolunteerTeamsPut = z.input<typeof VolunteerTeamsPut>;
