// Members' data rights as the API shows them: the member's own view (after proving the mobile by
// SMS code) and the staff's list of requests to handle (docs/privacy.md).
import { z } from '@hono/zod-openapi';
import { NamedRef } from './common.ts';
import { correctableFields, dataRequestKinds, dataRequestStatuses } from './data-request-tables.ts';
import { MobileNumber, MobileProofToken } from './mobile-verification.ts';
import { checkInStatuses, memberCategories, serviceCategories, serviceRequestStatuses } from './tables.ts';

/** Who is asking: the mobile and a live proof for it (`POST /v1/mobile-verifications/{id}/check`). */
export const MyDataAuth = z.object({
  mobile: MobileNumber,
  mobileProof: MobileProofToken.openapi({ description: 'A proof of this mobile from an SMS code.' }),
});

export const MyDataWithdraw = MyDataAuth.extend({
  consent: z.enum(['check_in', 'partner']).openapi({ description: '`check_in`: the check-in form\'s consent; `partner`: sharing with one partner.' }),
  partnerId: z.string().min(1).max(64).optional().openapi({ description: 'With `partner`: which partner.' }),
}).refine((b) => (b.consent === 'partner') === (b.partnerId !== undefined), { path: ['partnerId'], message: 'Give partnerId with consent `partner`, and only then.' });

export const MyDataRequestCreate = MyDataAuth.extend({
  kind: z.enum(['correction', 'erasure']),
  field: z.enum(correctableFields).optional().openapi({ description: 'A correction: which field is wrong.' }),
  text: z.string().trim().min(1).max(1000).optional().openapi({ description: 'A correction: what it should say. An erasure: an optional note.' }),
}).refine((b) => b.kind !== 'correction' || (b.field !== undefined && b.text !== undefined), {
  path: ['text'], message: 'A correction needs `field` and `text`.',
});

/** A member's request as they and staff see it. */
export const DataRequest = z.object({
  id: z.string(),
  kind: z.enum(dataRequestKinds),
  status: z.enum(dataRequestStatuses),
  field: z.enum(correctableFields).nullable(),
  text: z.string().nullable(),
  createdAt: z.number().int(),
  dueAt: z.number().int().openapi({ description: 'Fifteen days after `createdAt`.' }),
  handledAt: z.number().int().nullable(),
  outcome: z.string().nullable().openapi({ description: 'What staff did, or why they refused.' }),
}).openapi('DataRequest');

export const MyData = z.object({
  mobile: z.string(),
  exportedAt: z.number().int(),
  member: z.object({
    id: z.string(), name: z.string(), mobile: z.string(), homeUnit: NamedRef, currentCity: z.string().nullable(),
    category: z.enum(memberCategories), employer: z.string().nullable(), hostBranch: NamedRef.nullable(),
    lastCheckInAt: z.number().int().nullable(), mobileVerifiedAt: z.number().int().nullable(), createdAt: z.number().int(),
  }).nullable().openapi({ description: 'The roster\'s record for this mobile; null: none.' }),
  checkIns: z.array(z.object({
    reference: z.string(), status: z.enum(checkInStatuses), branch: NamedRef, submittedName: z.string(), currentCity: z.string(),
    category: z.enum(memberCategories), employer: z.string().nullable(), needs: z.array(z.enum(serviceCategories)),
    consentVersion: z.string(), consentedAt: z.number().int(), consentWithdrawnAt: z.number().int().nullable(),
    rejectReason: z.string().nullable(), createdAt: z.number().int(), decidedAt: z.number().int().nullable(),
  })),
  serviceRequests: z.array(z.object({
    reference: z.string(), category: z.enum(serviceCategories), status: z.enum(serviceRequestStatuses), description: z.string().nullable(),
    sharedWithPartner: NamedRef.nullable(), createdAt: z.number().int(), resolution: z.string().nullable(), closeReason: z.string().nullable(),
  })),
  partnerConsents: z.array(z.object({
    partner: NamedRef, consentVersion: z.string(), grantedAt: z.number().int(), withdrawnAt: z.number().int().nullable(),
  })),
  messages: z.array(z.object({ template: z.string(), text: z.string(), createdAt: z.number().int() })).openapi({
    description: 'Text messages sent to the mobile, as far as the organisation keeps them (the local SMS outbox).',
  }),
  dataRequests: z.array(DataRequest).openapi({ description: 'This mobile\'s requests (copies, corrections, erasures), newest first.' }),
  letters: z.array(z.object({
    campaign: z.object({ id: z.string(), titleZh: z.string(), titleEn: z.string().nullable() }),
    code: z.string(), createdAt: z.number().int(), smsSentAt: z.number().int().nullable(), openedAt: z.number().int().nullable(),
    reportedAt: z.number().int().nullable(), confirmedAt: z.number().int().nullable(),
  })).openapi({ description: 'Letters from home (campaigns) written to the member, newest first, and what became of each.' }),
}).openapi('MyData');

export const DataRequestQuery = z.object({
  status: z.enum(dataRequestStatuses).default('open').openapi({ param: { name: 'status', in: 'query' } }),
});

/** A request as staff handle it: with the roster's member, if any is left. */
export const StaffDataRequest = DataRequest.extend({
  member: z.object({ id: z.string(), name: z.string(), mobile: z.string() }).nullable().openapi({ description: 'The roster\'s record; null: none.' }),
  mobile: z.string().nullable().openapi({ description: 'The number asked about, while the request is open.' }),
  overdue: z.boolean(),
  handledBy: z.object({ userId: z.string().nullable(), keyId: z.string() }).nullable(),
}).openapi('StaffDataRequest');
export const StaffDataRequestList = z.object({ data: z.array(StaffDataRequest) }).openapi('DataRequestList');

export const DataRequestAnswer = z.object({
  outcome: z.string().trim().min(1).max(1000).openapi({ description: 'What was done (or why not): the member sees it.' }),
});

export const ErasureExecute = z.object({ outcome: z.string().trim().min(1).max(1000).optional() });

export const ErasureResult = z.object({
  request: DataRequest,
  erased: z.record(z.string(), z.number().int()).openapi({ description: 'Rows removed or blanked, per table.' }),
}).openapi('ErasureResult');

export type MyData = z.infer<typeof MyData>;
export type MyDataAuth = z.input<typeof MyDataAuth>;
export type MyDataWithdraw = z.input<typeof MyDataWithdraw>;
export type MyDataRequestCreate = z.input<typeof MyDataRequestCreate>;
export type DataRequest = z.infer<typeof DataRequest>;
export type StaffDataRequest = z.infer<typeof StaffDataRequest>;
export type DataRequestQueryParams = z.output<typeof DataRequestQuery>;
export type ErasureResult = z.infer<typeof ErasureResult>;
