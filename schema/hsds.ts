// The station directory in Open Referral HSDS 3.0 form, for other service
// directories to import. Field names are HSDS's own (snake_case); each object validates against
// the official schema of its type (test/fixtures/hsds-3.0, checked in test/e2e/hsds.test.ts).
// HSDS text fields hold one language: the `lang` parameter picks it.
import { z } from '@hono/zod-openapi';

const HSDS_DOCS = 'https://docs.openreferral.org/en/latest/hsds/schema_reference.html';
const uuid = z.string().uuid().openapi({ description: 'Stable: derived from the Ginkgo id (UUID v5), the same on every export.' });

export const HsdsPhone = z.object({
  id: uuid, location_id: uuid.optional(), service_id: uuid.optional(), service_at_location_id: uuid.optional(),
  number: z.string(), type: z.literal('voice'),
}).openapi('HsdsPhone');

export const HsdsSchedule = z.object({
  id: uuid, service_id: uuid.optional(), location_id: uuid.optional(), service_at_location_id: uuid.optional(),
  freq: z.literal('WEEKLY'), wkst: z.literal('MO'),
  byday: z.string().openapi({ example: 'MO,TU,WE', description: 'iCal days the hours apply on.' }),
  opens_at: z.string().optional().openapi({ example: '09:00+08:00', description: 'Local time with the zone\'s UTC offset; absent on a closed date.' }),
  closes_at: z.string().optional().openapi({ description: 'Earlier than `opens_at`: the next day (past midnight).' }),
  timezone: z.number().openapi({ example: 8, description: 'UTC offset in hours at export time.' }),
  valid_from: z.string().optional().openapi({ description: 'A dated exception (holiday, closure, special hours) applies on this date only.' }),
  valid_to: z.string().optional(),
  dtstart: z.string().optional(),
  description: z.string(),
  notes: z.string().optional().openapi({ description: 'The IANA time zone, and the note of a dated exception.' }),
}).openapi('HsdsSchedule', { description: `HSDS schedule: ${HSDS_DOCS}#schedule` });

export const HsdsAddress = z.object({
  id: uuid, location_id: uuid, address_1: z.string(), city: z.string(), state_province: z.string(),
  postal_code: z.string().openapi({ description: 'Empty: Ginkgo does not record postal codes.' }),
  country: z.literal('CN'), address_type: z.literal('physical'),
}).openapi('HsdsAddress');

export const HsdsLocation = z.object({
  id: uuid, location_type: z.literal('physical'), organization_id: uuid, name: z.string(), description: z.string(),
  latitude: z.number(), longitude: z.number(),
  external_identifier: z.string().openapi({ example: 'st_changzhou', description: 'The Ginkgo station id.' }),
  external_identifier_type: z.literal('ginkgo_station'),
  addresses: z.array(HsdsAddress), phones: z.array(HsdsPhone), schedules: z.array(HsdsSchedule),
}).openapi('HsdsLocation', { description: `A station as an HSDS location: ${HSDS_DOCS}#location` });

export const HsdsOrganization = z.object({
  id: uuid, name: z.string(), description: z.string(),
  parent_organization_id: uuid.optional().openapi({ description: 'A committee\'s parent: the home organisation.' }),
}).openapi('HsdsOrganization', { description: `The home organisation and its host-city committees: ${HSDS_DOCS}#organization` });

export const HsdsLanguage = z.object({ id: uuid, service_id: uuid, name: z.string(), code: z.string() }).openapi('HsdsLanguage');

export const HsdsAttribute = z.object({
  id: uuid, link_id: uuid, link_entity: z.literal('service'), link_type: z.literal('service_category'), taxonomy_term_id: uuid,
  taxonomy_term: z.object({
    id: uuid, code: z.string().openapi({ example: 'policy' }), name: z.string(), description: z.string(),
    taxonomy: z.string().openapi({ description: 'Ginkgo\'s service categories (分类施策).' }), language: z.string(),
  }),
}).openapi('HsdsAttribute', { description: 'The service\'s category, as a taxonomy term.' });

export const HsdsServiceAtLocation = z.object({
  id: uuid, service_id: uuid, location_id: uuid, description: z.string(),
  location: HsdsLocation, phones: z.array(HsdsPhone), schedules: z.array(HsdsSchedule),
}).openapi('HsdsServiceAtLocation', { description: `A service at its station: ${HSDS_DOCS}#service-at-location` });

export const HsdsService = z.object({
  id: uuid, organization_id: uuid, name: z.string(), description: z.string(),
  status: z.literal('active'),
  email: z.string().optional(),
  alert: z.string().optional().openapi({ description: 'The station\'s alert, if any.' }),
  eligibility_description: z.string(), application_process: z.string(),
  fees_description: z.string().openapi({ description: 'What it costs; "免费" / "Free of charge" when free.' }),
  organization: HsdsOrganization,
  languages: z.array(HsdsLanguage), attributes: z.array(HsdsAttribute), phones: z.array(HsdsPhone), schedules: z.array(HsdsSchedule),
  service_at_locations: z.array(HsdsServiceAtLocation.omit({ location: true })),
}).openapi('HsdsService', { description: `A station's service, fully nested: ${HSDS_DOCS}#service` });

/** HSDS's page envelope (`Page` in the HSDS OpenAPI document), with the objects in `contents`. */
const page = <T extends z.ZodTypeAny>(item: T, name: string) => z.object({
  total_items: z.number().int(), total_pages: z.number().int(), page_number: z.number().int(), size: z.number().int(),
  first_page: z.boolean(), last_page: z.boolean(), empty: z.boolean(), contents: z.array(item),
}).openapi(name);

export const HsdsServicePage = page(HsdsService, 'HsdsServicePage');
export const HsdsOrganizationPage = page(HsdsOrganization, 'HsdsOrganizationPage');
export const HsdsServiceAtLocationPage = page(HsdsServiceAtLocation, 'HsdsServiceAtLocationPage');

export const HsdsQuery = z.object({
  lang: z.enum(['zh-CN', 'en']).default('zh-CN')
    .openapi({ param: { name: 'lang', in: 'query' }, description: 'Language of the text fields (HSDS holds one): zh-CN (default) or en.' }),
  page: z.coerce.number().int().min(1).max(100_000).default(1).openapi({ param: { name: 'page', in: 'query' }, description: 'From 1.' }),
  per_page: z.coerce.number().int().min(1).max(100).default(50)
    .openapi({ param: { name: 'per_page', in: 'query' }, description: 'Items per page (1–100, default 50).' }),
});

export type HsdsSchedule = z.infer<typeof HsdsSchedule>;
export type HsdsPhone = z.infer<typeof HsdsPhone>;
export type HsdsLocation = z.infer<typeof HsdsLocation>;
export type HsdsOrganization = z.infer<typeof HsdsOrganization>;
export type HsdsService = z.infer<typeof HsdsService>;
export type HsdsServiceAtLocation = z.infer<typeof HsdsServiceAtLocation>;
export type HsdsQuery = z.input<typeof HsdsQuery>;
export type HsdsQueryParams = z.output<typeof HsdsQuery>;
export type HsdsPage<T> = Omit<z.infer<typeof HsdsServicePage>, 'contents'> & { contents: T[] };
