// Zod schemas of the station directory (服务驿站): public, no personal data.
import { z } from '@hono/zod-openapi';
import { SearchQuery } from './branches.ts';
import { LocalizedText, NamedRef, NullableText, pageOf, PageQuery, Position } from './common.ts';
import { serviceCategories } from './tables.ts';

const localTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/).openapi({ example: '09:00' });

export const StationService = z
  .object({
    id: z.string(),
    category: z.enum(serviceCategories),
    description: LocalizedText,
    eligibility: LocalizedText.openapi({ description: 'Who may use the service.' }),
    howToApply: LocalizedText,
    languages: z.array(z.string()).openapi({ example: ['zh', 'en'] }),
    fees: NullableText('Null: free of charge.'),
  })
  .openapi('StationService');

export const WeeklyHours = z
  .object({
    weekday: z.number().int().min(0).max(6).openapi({ description: '0 Sunday … 6 Saturday.' }),
    opens: localTime,
    closes: localTime.openapi({ description: 'Local time; at or before `opens`: the next day (past midnight).' }),
  })
  .openapi('WeeklyHours');

export const HoursException = z
  .object({
    date: z.string().openapi({ example: '2027-01-01', description: 'Local date in the station\'s time zone.' }),
    closed: z.boolean(),
    opens: localTime.nullable(),
    closes: localTime.nullable(),
    note: LocalizedText,
  })
  .openapi('HoursException', { description: 'A date whose hours replace the week\'s: closed, or special hours.' });

export const VolunteerTeam = z.object({ id: z.string(), name: LocalizedText, description: LocalizedText }).openapi('VolunteerTeam');

export const Station = z
  .object({
    id: z.string().openapi({ example: 'st_changzhou' }),
    name: LocalizedText,
    description: LocalizedText,
    city: NamedRef,
    committee: NamedRef.nullable(),
    address: LocalizedText,
    position: Position,
    officePhone: z.string().nullable().openapi({ description: "The station's public phone; never a person's number." }),
    officeEmail: z.string().nullable(),
    alert: NullableText('A short notice, e.g. temporarily closed.'),
    timeZone: z.string().openapi({ example: 'Asia/Shanghai' }),
    hours: z.array(WeeklyHours),
    exceptions: z.array(HoursException).openapi({ description: 'Exceptions from today to 60 days ahead.' }),
    openNow: z.boolean().openapi({ description: 'Computed at request time (responses are cached for 60 s at most).' }),
    closesAt: z.string().datetime().nullable().openapi({ description: 'When open: when it closes.' }),
    nextOpening: z.string().datetime().nullable().openapi({ description: 'When closed: when it next opens (within 62 days).' }),
    services: z.array(z.object({ category: z.enum(serviceCategories), services: z.array(StationService) }))
      .openapi({ description: 'Services grouped by category, in the category order of the API.' }),
    volunteerTeams: z.array(VolunteerTeam),
  })
  .openapi('Station');

export const NearbyStation = Station.extend({
  distanceMeters: z.number().int().openapi({ description: 'Great-circle distance from the given position.' }),
}).openapi('NearbyStation');

export const StationQuery = z.object({
  city: SearchQuery.shape.city,
  category: z.enum(serviceCategories).optional()
    .openapi({ param: { name: 'category', in: 'query' }, description: 'Only stations offering a service in this category.' }),
}).extend(PageQuery.shape);

export const StationNearQuery = z.object({
  lat: z.coerce.number().min(-90).max(90).openapi({ param: { name: 'lat', in: 'query' }, example: 31.78 }),
  lng: z.coerce.number().min(-180).max(180).openapi({ param: { name: 'lng', in: 'query' }, example: 119.95 }),
  limit: z.coerce.number().int().min(1).max(20).default(3)
    .openapi({ param: { name: 'limit', in: 'query' }, description: 'How many stations (1–20, default 3).' }),
  category: z.enum(serviceCategories).optional()
    .openapi({ param: { name: 'category', in: 'query' }, description: 'Only stations offering a service of this category: the nearest of those.' }),
});

export const StationIdParam = z.object({
  id: z.string().min(1).max(64).openapi({ param: { name: 'id', in: 'path' }, example: 'st_changzhou' }),
});

export const StationPage = pageOf(Station, 'StationPage', 'Stations in id order; pass `nextCursor` back as `cursor`.');
export const NearbyStationList = z.object({ data: z.array(NearbyStation) }).openapi('NearbyStationList');

export type StationService = z.infer<typeof StationService>;
export type Station = z.infer<typeof Station>;
export type NearbyStation = z.infer<typeof NearbyStation>;
export type StationQuery = z.input<typeof StationQuery>;
export type StationQueryParams = z.output<typeof StationQuery>;
export type StationPage = z.infer<typeof StationPage>;
