// Members, as staff and partners see them. Personal data: only keyed staff and partners get these.
import { z } from '@hono/zod-openapi';
import { NamedRef, pageOf, PageQuery } from './common.ts';
import { checkInStatuses, memberCategories, moveDistances } from './tables.ts';

const memberCommon = {
  id: z.string().openapi({ example: 'mb_demo_01' }),
  name: z.string(),
  currentCity: z.string().nullable().openapi({ description: 'Where the member says they now live.' }),
  category: z.enum(memberCategories),
  employer: z.string().nullable(),
};

export const StaffMember = z
  .object({
    view: z.literal('staff'),
    ...memberCommon,
    mobile: z.string().openapi({ example: '13800000001' }),
    homeUnit: NamedRef,
    hostBranch: NamedRef.nullable().openapi({ description: 'Null until a host branch confirms the member.' }),
    lastCheckInAt: z.string().datetime().nullable(),
    moveDistance: z.enum(moveDistances).nullable().openapi({ description: 'How far they moved: within the city, to another city of the province, or to another province; null if not recorded.' }),
    hasActivityCard: z.boolean().openapi({ description: "Holds the mobile member's activity card (流动党员活动证)." }),
  })
  .openapi('StaffMember', { description: 'A member as home and host staff see them.' });

export const PartnerMember = z
  .object({
    view: z.literal('partner'),
    ...memberCommon,
    mobile: z.string().openapi({ example: '138****0001', description: 'Masked: first 3 and last 4 digits.' }),
  })
  .openapi('PartnerMember', {
    description: 'A consenting member as a partner sees them: no home unit, host branch or check-in times.',
  });

export const Member = z.discriminatedUnion('view', [StaffMember, PartnerMember]).openapi('Member');

export const MemberQuery = z.object({
  branch: z.string().min(1).max(64).optional().openapi({ param: { name: 'branch', in: 'query' }, description: 'Host branch id.' }),
  homeUnit: z.string().min(1).max(64).optional()
    .openapi({ param: { name: 'homeUnit', in: 'query' }, description: 'Home unit id; a town includes its villages.' }),
  category: z.enum(memberCategories).optional().openapi({ param: { name: 'category', in: 'query' } }),
  // On the wire `true` or `false`; validated, a boolean. Optional without a default: a partner's
  // refusal (access/partner-filters.ts) looks at the filters given.
  verified: z.enum(['true', 'false']).transform((v) => v === 'true').optional().openapi({
    param: { name: 'verified', in: 'query' },
    description: '`true`: members whose mobile was proved by SMS code (a confirmed check-in sent with a verified mobile); `false`: the others. A roster import verifies no one.',
  }),
  lastCheckInBefore: z.coerce.number().int().min(0).max(253_370_764_800_000).optional().openapi({
    param: { name: 'lastCheckInBefore', in: 'query' }, example: 1_767_196_800_000,
    description: 'Unix ms: members whose last check-in is before it. Members who never checked in are not included unless `neverCheckedIn=true` is given too.',
  }),
  neverCheckedIn: z.enum(['true', 'false']).transform((v) => v === 'true').optional().openapi({
    param: { name: 'neverCheckedIn', in: 'query' },
    description: '`true`: members who never checked in (with `lastCheckInBefore`: those too); `false`: members who have checked in.',
  }),
}).extend(PageQuery.shape);

/**
 * What staff may change on a member's record through the API: how far they moved, the activity
 * card, and (a member's correction request, docs/privacy.md) name, city, category and employer.
 */
export const MemberUpdate = z.strictObject({
  moveDistance: z.enum(moveDistances).nullable().optional(),
  hasActivityCard: z.boolean().optional(),
  name: z.string().trim().min(1).max(50).optional(),
  currentCity: z.string().trim().min(1).max(50).nullable().optional(),
  category: z.enum(memberCategories).optional(),
  employer: z.string().trim().min(1).max(100).nullable().optional(),
}).refine((u) => Object.keys(u).length > 0, { message: 'Give at least one field to change.' }).openapi('MemberUpdate');
/** Fields of MemberUpdate whose values the audit log does not keep (personal data): only that they changed. */
export const CORRECTED_FIELDS = ['name', 'currentCity', 'category', 'employer'] as const;
export type MemberUpdate = z.infer<typeof MemberUpdate>;

export const MemberPage = pageOf(Member, 'MemberPage',
  'Members in id order; pass `nextCursor` back as `cursor` until it is null. With `category`, `verified`, `lastCheckInBefore` '
  + 'or `neverCheckedIn` (no index serves them at scale), a page examines the next `limit` members of the scope in id order '
  + 'and lists those that match: fewer than `limit`, even none, while `nextCursor` is not null.');

/** What `GET /v1/members/not-reported` answers with: a page of JSON, or the whole list as a file. */
export const notReportedFormats = ['json', 'csv', 'xlsx'] as const;

export const NotReportedQuery = z.object({
  since: z.coerce.number().int().min(0).max(253_370_764_800_000).optional().openapi({
    param: { name: 'since', in: 'query' }, example: 1_767_196_800_000,
    description: 'Unix ms, up to 9999-01-01. Members who never checked in, or whose last check-in is before it. Default: 1 January of the current year, 00:00 Asia/Shanghai.',
  }),
  node: z.string().min(1).max(64).optional().openapi({
    param: { name: 'node', in: 'query' }, example: 'hu_gangshang_bei',
    description: 'A town, village, committee or branch id within the key\'s scope (a town includes its villages, a committee its branches). Default: the whole scope.',
  }),
  format: z.enum(notReportedFormats).default('json').openapi({
    param: { name: 'format', in: 'query' },
    description: '`json`: a page (`limit`, `cursor`); `csv` (UTF-8 with BOM) or `xlsx`: every such member as a file to download (`limit` and `cursor` do not apply).',
  }),
}).extend(PageQuery.shape);

export const NotReportedPage = pageOf(StaffMember, 'NotReportedPage',
  'The members who have not reported among the next `limit` members of the scope in id order: fewer than `limit`, even none, '
  + 'while `nextCursor` is not null. Pass `nextCursor` back as `cursor` until it is null.');

export type StaffMember = z.infer<typeof StaffMember>;
export type PartnerMember = z.infer<typeof PartnerMember>;
export type Member = z.infer<typeof Member>;
export type MemberQuery = z.input<typeof MemberQuery>;
export type MemberQueryParams = z.output<typeof MemberQuery>;
export type MemberPage = z.infer<typeof MemberPage>;
export type NotReportedQuery = z.input<typeof NotReportedQuery>;
export type NotReportedQueryParams = z.output<typeof NotReportedQuery>;
export type NotReportedPage = z.infer<typeof NotReportedPage>;

/** What staff who see a member may know of their record's life: check-ins, requests for help, and who looked. */
export const MemberHistory = z.object({
  checkIns: z.array(z.object({
    id: z.string(), reference: z.string(), status: z.enum(checkInStatuses), branch: NamedRef,
    previousBranch: NamedRef.nullable().openapi({ description: 'Set when confirming it moved the member from that branch (a handover).' }),
    createdAt: z.number().int(), decidedAt: z.number().int().nullable(), rejectReason: z.string().nullable(),
  })).openapi({ description: 'Newest first.' }),
  serviceRequests: z.array(z.object({
    id: z.string(), reference: z.string(), category: z.string(), status: z.string(), createdAt: z.number().int(),
  })).openapi({ description: 'Newest first.' }),
  views: z.array(z.object({
    at: z.string().datetime(), action: z.string(), role: z.string().nullable(), keyId: z.string(),
    user: z.object({ id: z.string(), name: z.string() }).nullable().openapi({ description: 'The staff user, when a console session looked.' }),
  })).openapi({ description: 'The last 50 reads and changes of this record (the audit log), newest first; lists are not included.' }),
}).openapi('MemberHistory');

export type MemberHistory = z.infer<typeof MemberHistory>;
