// The service-request (服务需求) contract: filing one, its public receipt, and the staff and
// partner views. The member's fields are the check-in form's own (schema/check-ins.ts).
import { z } from '@hono/zod-openapi';
import { NamedRef, pageOf, pageQuery } from './common.ts';
import { CheckInCreate, NotifyOptIn } from './check-ins.ts';
import { NotificationSummary } from './notifications.ts';
import { RoutedTo } from './service-request-receipt.ts';
import { roles, serviceCategories, serviceRequestStatuses } from './tables.ts';

// The receipt lives in its own file so that the check-in receipt can list requests without an import cycle.
export { RoutedTo, ServiceRequestReceipt } from './service-request-receipt.ts';

/** Consent to processing the request; stored with it. Change the text, change the version. */
export const SERVICE_REQUEST_CONSENT = {
  version: 'service-request-consent-2026-11',
  text: {
    zh: '我同意家乡党组织处理我在本次求助中填写的个人信息（姓名、手机号、家乡所在党组织、现居城市、类别和求助内容），'
      + '用于把求助转给所在城市的服务驿站或党组织并跟进办理。这些信息包含党员身份及所在地等敏感个人信息。',
    en: 'I agree that my hometown Party organisation may process the personal information in this request (name, mobile number, '
      + 'home unit, current city, category and what I ask for) to pass it to the station or organisation in my city and follow it up. '
      + 'It includes sensitive information (Party membership and whereabouts).',
  },
} as const;

/** A separate, optional consent: share THIS request (name, mobile, description) with one partner. */
export const SERVICE_REQUEST_SHARE_CONSENT = {
  version: 'service-request-share-2026-11',
  text: {
    zh: '我另行同意将本次求助的姓名、手机号和求助内容提供给所选合作机构（如银行信贷小组），仅用于办理本次求助。',
    en: 'I separately agree that my name, mobile number and this request are given to the chosen partner (e.g. a bank\'s credit '
      + 'group), only to handle this request.',
  },
} as const;

/** `SR-` and 8 characters of Crockford base 32. */
export const SERVICE_REQUEST_REFERENCE_PATTERN = /^SR-[0-9A-HJKMNP-TV-Z]{8}$/;

const consent = CheckInCreate.shape.consent;
const id = z.string().min(1).max(64);

export const ServiceRequestCreate = z.object({
  name: CheckInCreate.shape.name,
  mobile: CheckInCreate.shape.mobile,
  homeUnitId: CheckInCreate.shape.homeUnitId,
  currentCity: CheckInCreate.shape.currentCity,
  memberCategory: CheckInCreate.shape.category,
  category: z.enum(serviceCategories).openapi({ description: 'The kind of help asked for.' }),
  stationId: id.optional().openapi({ description: 'Filed from a station\'s service: that station handles it.' }),
  cityId: id.optional().openapi({ description: 'The host city (`/v1/cities`); else the station\'s. One of the two is required.' }),
  description: z.string().trim().min(1).max(500).openapi({ example: '想了解个体工商户减税政策' }),
  consent: consent.openapi({ description: `Separate consent to processing; current version \`${SERVICE_REQUEST_CONSENT.version}\`.` }),
  shareWith: z.object({ partnerId: id, consent: consent }).optional().openapi({
    description: `The member's separate consent to share this request (name, mobile, description) with one partner; `
      + `current version \`${SERVICE_REQUEST_SHARE_CONSENT.version}\`.`,
  }),
  mobileProof: CheckInCreate.shape.mobileProof,
  notify: NotifyOptIn.openapi({
    description: 'The member agrees to be told by SMS to this mobile (and by WeChat if they subscribe) when the request is resolved. Default false. '
      + 'Kept only with a valid `mobileProof`, as a share is.',
  }),
}).refine((r) => r.cityId !== undefined || r.stationId !== undefined, { path: ['cityId'], message: 'Give the host city (cityId) or a station (stationId).' })
  .openapi('ServiceRequestCreate', {
    // A whole request that works against the demo data, so that "Try it" in /docs files one as is.
    example: {
      name: '王磊', mobile: '139 1234 5678', homeUnitId: 'hu_tiefu_yaowan', currentCity: '常州', memberCategory: 'business_owner',
      category: 'policy', cityId: 'pizhou_changzhou', description: '想了解个体工商户减税政策和申报方式',
      consent: { version: SERVICE_REQUEST_CONSENT.version, granted: true },
    },
  });

const common = {
  id: z.string(),
  reference: z.string(),
  category: z.enum(serviceCategories),
  status: z.enum(serviceRequestStatuses),
  city: NamedRef.nullable(),
  description: z.string().nullable(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
};

export const StaffServiceRequest = z.object({
  view: z.literal('staff'),
  ...common,
  routedTo: RoutedTo,
  member: z.object({ id: z.string(), name: z.string(), mobile: z.string() }).openapi({
    description: 'The name is the roster\'s for a caller who already sees the member; otherwise the name given with the request (or its check-in).',
  }),
  submittedName: z.string().nullable(),
  nameMismatch: z.boolean().nullable().openapi({ description: "The name given differs from the roster's; null for a caller who does not see the member." }),
  homeUnit: NamedRef.nullable().openapi({ description: "The member's home unit; null for a caller who does not see the member." }),
  checkInId: z.string().nullable().openapi({ description: 'Set when a need ticked on a check-in made it.' }),
  consentVersion: z.string().nullable(),
  sharedWith: z.object({ partner: NamedRef, consentVersion: z.string(), sharedAt: z.number().int() }).nullable(),
  assignee: z.string().nullable(),
  volunteerTeam: NamedRef.nullable(),
  resolution: z.string().nullable(),
  closeReason: z.string().nullable(),
}).openapi('StaffServiceRequest');

export const PartnerServiceRequest = z.object({
  view: z.literal('partner'),
  ...common,
  member: z.object({ name: z.string(), mobile: z.string() }),
}).openapi('PartnerServiceRequest', {
  description: 'What the member consented to share with the partner: no notes, no home unit, nothing else.',
});

export const ServiceRequest = z.discriminatedUnion('view', [StaffServiceRequest, PartnerServiceRequest]).openapi('ServiceRequest');

export const ServiceRequestNote = z.object({
  id: z.string(), text: z.string(), keyId: z.string(), role: z.enum(roles).nullable(), createdAt: z.number().int(),
}).openapi('ServiceRequestNote');

export const ServiceRequestHistoryEntry = z.object({
  at: z.number().int(), action: z.string().openapi({ example: 'service_request.assign' }), keyId: z.string(),
  role: z.string().nullable(), detail: z.record(z.string(), z.unknown()).nullable(),
}).openapi('ServiceRequestHistoryEntry');

export const StaffServiceRequestDetail = StaffServiceRequest.extend({
  notes: z.array(ServiceRequestNote),
  history: z.array(ServiceRequestHistoryEntry).openapi({ description: 'Every change, oldest first, from the audit log.' }),
  notifications: z.array(NotificationSummary).openapi({ description: 'What the member was told of it, oldest first (docs/notifications.md).' }),
}).openapi('StaffServiceRequestDetail');

export const ServiceRequestDetail = z.discriminatedUnion('view', [StaffServiceRequestDetail, PartnerServiceRequest])
  .openapi('ServiceRequestDetail');

export const ServiceRequestQuery = z.object({
  status: z.enum(serviceRequestStatuses).optional().openapi({ param: { name: 'status', in: 'query' } }),
  category: z.enum(serviceCategories).optional().openapi({ param: { name: 'category', in: 'query' } }),
  stationId: id.optional().openapi({ param: { name: 'stationId', in: 'query' } }),
  reference: z.string().trim().toUpperCase().regex(SERVICE_REQUEST_REFERENCE_PATTERN, 'A reference like SR-7Q4M2X9P.').optional().openapi({
    param: { name: 'reference', in: 'query' }, example: 'SR-7Q4M2X9P',
    description: 'The request with this reference (any case), if it is in the key\'s scope: how a caller finds what it filed.',
  }),
  order: z.enum(['newest', 'oldest']).default('newest').openapi({
    param: { name: 'order', in: 'query' }, description: 'By when filed: newest first (the default) or oldest first; keep it for the next pages.',
  }),
}).extend(pageQuery({ default: 50 }).shape);

export const ServiceRequestPage = pageOf(ServiceRequest, 'ServiceRequestPage', 'Newest first, or oldest first with `order=oldest`; pass `nextCursor` back as `cursor`.');

export const ServiceRequestAssign = z.object({
  assignee: z.string().trim().min(1).max(100).openapi({ description: 'A person or volunteer team name.', example: '政策宣讲志愿队' }),
  volunteerTeamId: id.optional().openapi({
    description: "One of the request station's volunteer teams; without a station, of a station under the request's committee, else in its city.",
  }),
}).openapi('ServiceRequestAssign');
export const ServiceRequestNoteCreate = z.object({ text: z.string().trim().min(1).max(1000) }).openapi('ServiceRequestNoteCreate');
export const ServiceRequestResolve = z.object({ resolution: z.string().trim().min(1).max(1000) }).openapi('ServiceRequestResolve');
export const ServiceRequestClose = z.object({ reason: z.string().trim().min(1).max(500) }).openapi('ServiceRequestClose');

export type ServiceRequestCreate = z.input<typeof ServiceRequestCreate>;
export type StaffServiceRequest = z.infer<typeof StaffServiceRequest>;
export type PartnerServiceRequest = z.infer<typeof PartnerServiceRequest>;
export type ServiceRequest = z.infer<typeof ServiceRequest>;
export type ServiceRequestDetail = z.infer<typeof ServiceRequestDetail>;
export type StaffServiceRequestDetail = z.infer<typeof StaffServiceRequestDetail>;
export type ServiceRequestNote = z.infer<typeof ServiceRequestNote>;
export type ServiceRequestQuery = z.input<typeof ServiceRequestQuery>;
export type ServiceRequestQueryParams = z.output<typeof ServiceRequestQuery>;
export type ServiceRequestPage = z.infer<typeof ServiceRequestPage>;
export type ServiceRequestAssign = z.infer<typeof ServiceRequestAssign>;
