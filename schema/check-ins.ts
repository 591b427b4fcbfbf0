// The check-in (报到) contract: the form's data, the public receipt, and the staff view.
import { z } from '@hono/zod-openapi';
import { LocalizedText, NamedRef, pageOf, pageQuery } from './common.ts';
import { MobileNumber, MobileProofToken, MobileVerificationSettings } from './mobile-verification.ts';
import { NotificationSummary } from './notifications.ts';
import { ServiceRequestReceipt } from './service-request-receipt.ts';
import { checkInStatuses, memberCategories, serviceCategories } from './tables.ts';

/**
 * The consent a member gives, separately from anything else, before a check-in is sent. Its
 * version is stored with the check-in; change the text, change the version.
 */
export const CHECK_IN_CONSENT = {
  version: 'checkin-consent-2026-11',
  text: {
    zh: '我同意家乡党组织处理我在本表中填写的个人信息（姓名、手机号、家乡所在党组织、现居城市、类别、工作单位和需求），'
      + '用于流动党员报到、组织关系联系和服务对接。这些信息包含党员身份及所在地等敏感个人信息，仅由家乡和所在地党组织在各自职责范围内查看。'
      + '我可以随时查询、更正或要求删除我的信息。',
    en: 'I agree that my hometown Party organisation may process the personal information in this form (name, mobile number, '
      + 'home unit, current city, category, employer and needs) to record my check-in, stay in touch and connect me with services. '
      + 'It includes sensitive information (Party membership and whereabouts) that only the home and host organisations see, each '
      + 'within its remit. I can ask for a copy, a correction or erasure at any time.',
  },
} as const;

/** A member's opt-in to notifications (docs/notifications.md): without it, nothing is sent to them. */
export const NotifyOptIn = z.boolean().default(false);

/** Reference codes: `GK-` and 8 characters of Crockford base 32 (no I, L, O, U): about 40 bits. */
export const REFERENCE_PATTERN = /^GK-[0-9A-HJKMNP-TV-Z]{8}$/;


export const CheckInForm = z.object({
  consent: z.object({ version: z.string(), text: LocalizedText }),
  privacyNoticeUrl: z.string().nullable().openapi({ description: "The tenant's privacy notice; relative URLs are on the API's origin." }),
  homeUnits: z.array(NamedRef.extend({ villages: z.array(NamedRef) })).openapi({ description: 'Towns, each with its villages.' }),
  categories: z.array(z.enum(memberCategories)),
  needs: z.array(z.enum(serviceCategories)),
  verification: z.object({
    provider: z.enum(['altcha', 'turnstile', 'none']),
    siteKey: z.string().nullable(),
  }).openapi({ description: 'Human verification before an SMS code is sent: `altcha` (proof of work) by default; `none` only in tests.' }),
  mobileVerification: MobileVerificationSettings,
}).openapi('CheckInForm');

export const CheckInCreate = z.object({
  branchId: z.string().min(1).max(64),
  name: z.string().trim().min(1).max(40),
  mobile: MobileNumber,
  homeUnitId: z.string().min(1).max(64),
  currentCity: z.string().trim().min(1).max(60),
  category: z.enum(memberCategories),
  employer: z.string().trim().max(80).optional(),
  needs: z.array(z.enum(serviceCategories)).max(serviceCategories.length).default([])
    .refine((n) => new Set(n).size === n.length, 'Each need at most once.'),
  consent: z.object({ version: z.string().max(64), granted: z.literal(true) })
    .openapi({ description: 'Separate, explicit consent to processing sensitive personal information.' }),
  mobileProof: MobileProofToken.optional().openapi({
    description: 'The proof from checking an SMS code for this mobile (`/v1/mobile-verifications`). Required with a publishable key; '
      + 'without it a staff or partner check-in is unverified and cannot change an existing member\'s record on its own.',
  }),
  notify: NotifyOptIn.openapi({
    description: 'The member agrees to be told of the decision (confirmed, rejected or returned) by SMS to this mobile, '
      + 'and by WeChat if they subscribe from the status page. The requests made from its needs inherit it. Default false: no messages. '
      + 'Kept only with a valid `mobileProof`: without one (a staff or partner check-in) it is withheld, and the audit entry says so.',
  }),
}).openapi('CheckInCreate');


/** A need ticked on the form: the service request it became, by its own reference. */
export const CheckInServiceRequest = ServiceRequestReceipt.pick({ reference: true, category: true, status: true, routedTo: true, resolution: true })
  .openapi('CheckInServiceRequest', { description: 'A service request made from a need ticked on the check-in; look it up by its own reference too.' });

/** What the member (and any public caller) gets back: no personal data. */
export const CheckInReceipt = z.object({
  id: z.string().openapi({
    example: 'ci_3f9a1c2b7d4e5f60a1b2',
    description: 'The check-in\'s id, by which staff read it back (`GET /v1/check-ins/{id}`).',
  }),
  reference: z.string().openapi({ example: 'GK-7Q4M2X9P' }),
  status: z.enum(checkInStatuses),
  branch: NamedRef,
  createdAt: z.number().int(),
  decidedAt: z.number().int().nullable(),
  rejectReason: z.string().nullable().openapi({ description: 'Why it was rejected, or what to correct when it was returned.' }),
  serviceRequests: z.array(CheckInServiceRequest).openapi({
    description: 'One per need ticked, in the order ticked, with its status now (on a new check-in: `open`). Empty without needs.',
  }),
}).openapi('CheckInReceipt');

export const CheckInStatusQuery = z.object({
  // NFKC: full-width letters and digits, as a Chinese keyboard types them, count as their ASCII selves.
  reference: z.string().max(16).normalize('NFKC').openapi({ param: { name: 'reference', in: 'query' } }),
  mobileLast4: z.string().normalize('NFKC').regex(/^\d{4}$/).optional().openapi({ param: { name: 'mobileLast4', in: 'query' } }),
  mobileProof: MobileProofToken.optional().openapi({ param: { name: 'mobileProof', in: 'query' }, description: 'Instead of mobileLast4: a proof of the mobile.' }),
}).refine((q) => (q.mobileLast4 === undefined) !== (q.mobileProof === undefined), { path: ['mobileLast4'], message: 'Give mobileLast4 or mobileProof (one of them).' });

/** The staff view of a check-in (in the caller's scope). */
export const CheckIn = z.object({
  id: z.string(),
  reference: z.string(),
  status: z.enum(checkInStatuses),
  branch: NamedRef,
  member: z.object({ id: z.string(), name: z.string(), mobile: z.string() }).nullable().openapi({
    description: 'The roster\'s record, only for a caller who already has this member in scope; else null (see `matchesMember`).',
  }),
  mobile: z.string().openapi({ description: 'The mobile the check-in was sent for.' }),
  mobileVerified: z.boolean().openapi({ description: 'The sender proved the mobile by SMS code.' }),
  matchesMember: z.boolean().openapi({ description: 'The mobile was already on the roster when this was sent.' }),
  submittedName: z.string(),
  nameMismatch: z.boolean().nullable().openapi({ description: "The submitted name differs from the roster's; null for a caller who does not see the member." }),
  homeUnit: NamedRef.openapi({ description: 'The home unit the form named.' }),
  decision: z.object({
    needsRelease: z.boolean().openapi({ description: 'Unverified, and would move a member already on the roster: needs both sides.' }),
    acceptedAt: z.number().int().nullable().openapi({ description: 'The receiving side (the branch, its committee) agreed.' }),
    releasedAt: z.number().int().nullable().openapi({ description: 'A side that already had the member (their host branch or committee, or the home side) agreed.' }),
  }).openapi({ description: 'Confirming takes the receiving side, and for `needsRelease` also a side that already has the member in scope.' }),
  currentCity: z.string(),
  category: z.enum(memberCategories),
  employer: z.string().nullable(),
  needs: z.array(z.enum(serviceCategories)),
  consentVersion: z.string(),
  consentedAt: z.number().int(),
  previousBranch: NamedRef.nullable().openapi({ description: 'Set when confirming moved the member from another host branch (a handover).' }),
  createdAt: z.number().int(),
  decidedAt: z.number().int().nullable(),
  rejectReason: z.string().nullable().openapi({ description: 'Why it was rejected, or what the member is to correct (`returned`).' }),
}).openapi('CheckIn');

/** One check-in for staff, with what its member was told of it. */
export const CheckInDetail = CheckIn.extend({
  notifications: z.array(NotificationSummary).openapi({ description: 'What the member was told of the decision, oldest first (docs/notifications.md).' }),
}).openapi('CheckInDetail');

export const CheckInQuery = z.object({
  status: z.enum(checkInStatuses).optional().openapi({ param: { name: 'status', in: 'query' } }),
  branch: z.string().max(64).optional().openapi({ param: { name: 'branch', in: 'query' } }),
  from: z.coerce.number().int().optional().openapi({ param: { name: 'from', in: 'query' }, description: 'Created at or after (unix ms).' }),
  to: z.coerce.number().int().optional().openapi({ param: { name: 'to', in: 'query' }, description: 'Created before (unix ms).' }),
  q: z.string().trim().min(2).max(40).optional().openapi({
    param: { name: 'q', in: 'query' }, example: 'GK-7Q4M2X9P',
    description: 'Search: a reference (`GK-…`), a whole mobile number (spaces, dashes and +86 allowed), or the start of the name '
      + 'as the member submitted it (at least 2 characters). A name search reads every check-in of the tenant whose name starts so.',
  }),
}).extend(pageQuery({ default: 50 }).shape);

export const CheckInPage = pageOf(CheckIn, 'CheckInPage', 'Newest first; pass `nextCursor` back as `cursor`.');
export const CheckInReject = z.object({ reason: z.string().trim().min(1).max(200) }).openapi('CheckInReject', {
  description: 'The reason (rejecting) or what to correct (returning), shown to the member on their receipt.',
});

/** The decisions on one check-in, from the audit log: who agreed, confirmed, rejected or returned it, and when. */
export const CheckInHistory = z.object({
  data: z.array(z.object({
    at: z.number().int(),
    action: z.enum(['confirm', 'reject', 'return', 'handover']).openapi({
      description: '`confirm`: a side agreed (see `sides`) and, with `completed`, confirmed it; `handover`: the member moved between branches.',
    }),
    sides: z.enum(['receiving', 'releasing', 'both']).nullable(),
    completed: z.boolean().nullable().openapi({ description: 'For `confirm` and `handover`: this call confirmed the check-in.' }),
    reason: z.string().nullable(),
    role: z.string().nullable(),
    user: z.object({ id: z.string(), name: z.string() }).nullable().openapi({ description: 'The staff user, when a console session decided.' }),
  })).openapi({ description: 'Oldest first.' }),
}).openapi('CheckInHistory');

export type CheckInForm = z.infer<typeof CheckInForm>;
export type CheckInCreate = z.input<typeof CheckInCreate>;
export type CheckInReceipt = z.infer<typeof CheckInReceipt>;
export type CheckInServiceRequest = z.infer<typeof CheckInServiceRequest>;
export type CheckIn = z.infer<typeof CheckIn>;
export type CheckInDetail = z.infer<typeof CheckInDetail>;
export type CheckInQuery = z.input<typeof CheckInQuery>;
export type CheckInQueryParams = z.output<typeof CheckInQuery>;
export type CheckInStatusQueryParams = z.output<typeof CheckInStatusQuery>;
export type CheckInPage = z.infer<typeof CheckInPage>;
export type CheckInHistory = z.infer<typeof CheckInHistory>;
