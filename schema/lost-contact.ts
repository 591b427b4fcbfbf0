// Lost contact (失联) follow-ups as the API shows them: the open, overdue or closed cases of the
// members in the caller's scope, and what staff record on them.
import { z } from '@hono/zod-openapi';
import { NamedRef, pageOf, pageQuery } from './common.ts';
import { caseClosedReasons, caseCloseReasons, contactChannels, contactOutcomes } from './follow-up-tables.ts';
import { moveDistances, roles } from './tables.ts';

export const lostContactStatuses = ['open', 'overdue', 'closed'] as const;

export const LostContactQuery = z.object({
  status: z.enum(lostContactStatuses).default('open').openapi({
    param: { name: 'status', in: 'query' },
    description: '`open` (default: every open case, most urgent first), `overdue` (open, past due, not snoozed), `closed`.',
  }),
}).extend(pageQuery({ default: 50, cursor: z.string().regex(/^\d{1,15}:[A-Za-z0-9_]{1,64}$/, 'The cursor is not one this API returned.') }).shape);

export const LostContactCase = z.object({
  id: z.string(),
  member: z.object({
    id: z.string(), name: z.string(), mobile: z.string(), homeUnit: NamedRef, hostBranch: NamedRef.nullable(),
    moveDistance: z.enum(moveDistances).nullable(), hasActivityCard: z.boolean(),
    lastCheckInAt: z.number().int().nullable(), lastContactAt: z.number().int().nullable(),
  }),
  openedAt: z.number().int(),
  dueAt: z.number().int(),
  snoozedUntil: z.number().int().nullable(),
  overdue: z.boolean().openapi({ description: 'Open, past its due date, and not snoozed.' }),
  assignee: z.object({ id: z.string(), name: z.string() }).nullable(),
  attempts: z.number().int(),
  lastAttemptAt: z.number().int().nullable(),
  closedAt: z.number().int().nullable(),
  closedReason: z.enum(caseClosedReasons).nullable().openapi({
    description: '`found` (reached, or checked in), or why staff closed it by hand: `deceased`, `left_party`, `duplicate`, `other`.',
  }),
  closedNote: z.string().nullable().openapi({ description: 'What staff wrote when closing it by hand.' }),
  campaign: z.object({ id: z.string(), title: z.object({ zh: z.string(), en: z.string().nullable() }) }).nullable().openapi({
    description: 'The campaign (家乡来信) that handed the member over, still silent when it ended; null: opened by the daily job.',
  }),
}).openapi('LostContactCase');

export const LostContactPage = pageOf(LostContactCase, 'LostContactPage', 'Most urgent first (by due date); pass `nextCursor` back as `cursor`.');

export const ContactAttemptCreate = z.strictObject({
  channel: z.enum(contactChannels).openapi({ description: '`fellow` (老乡): a member from the same village was asked to help find them.' }),
  outcome: z.enum(contactOutcomes).openapi({ description: '`reached` or `relayed` finds the member: the case closes and the roster records the contact.' }),
  note: z.string().trim().max(500).optional(),
  fellowMemberId: z.string().min(1).max(64).optional().openapi({
    description: 'Channel `fellow` only: the member asked, from the same village as the lost one (`GET /v1/lost-contact/{id}/fellows`).',
  }),
}).refine((a) => a.fellowMemberId === undefined || a.channel === 'fellow', { message: 'Only with channel fellow.', path: ['fellowMemberId'] })
  .openapi('ContactAttemptCreate');

export const ContactAttempt = z.object({
  id: z.string(), at: z.number().int(), channel: z.enum(contactChannels), outcome: z.enum(contactOutcomes),
  note: z.string().nullable(), byUserId: z.string().nullable(),
  fellow: z.object({ id: z.string(), name: z.string() }).nullable().openapi({ description: 'Channel `fellow`: the member asked, if recorded.' }),
}).openapi('ContactAttempt');

export const LostContactFellowsQuery = pageQuery({ default: 20, max: 50, cursor: z.string().regex(/^\d{1,15}:[A-Za-z0-9_]{1,64}$/, 'The cursor is not one this API returned.') });

export const LostContactFellow = z.object({
  id: z.string(), name: z.string(),
  mobile: z.string().openapi({ description: 'In full: staff who see the case may call them.' }),
  currentCity: z.string().nullable(),
  hostBranch: NamedRef.nullable(),
  lastCheckInAt: z.number().int(),
}).openapi('LostContactFellow');

export const LostContactFellowsPage = z.object({
  data: z.array(LostContactFellow),
  nextCursor: z.string().nullable().openapi({ description: 'Pass it back as `cursor` for the next page; null on the last page.' }),
  cities: z.array(z.string()).openapi({ description: "The lost member's last known cities searched: their current city and their host branch's city (either may be missing)." }),
}).openapi('LostContactFellowsPage', {
  description: 'Members of the same village (home unit) living in the same city, who proved their mobile and checked in within a year; most recent first.',
});

export const LostContactUpdate = z.strictObject({
  assigneeUserId: z.string().min(1).max(64).optional().openapi({ description: 'A staff user whose grants cover the member (`GET /v1/lost-contact/{id}/assignees`).' }),
  snoozedUntil: z.number().int().nullable().optional().openapi({ description: 'Out of the overdue list until then (at most 90 days ahead); null wakes it.' }),
  dueAt: z.number().int().optional(),
}).refine((u) => Object.keys(u).length > 0, { message: 'Give assigneeUserId, snoozedUntil or dueAt.' }).openapi('LostContactUpdate');

export const LostContactClose = z.strictObject({
  reason: z.enum(caseCloseReasons).openapi({ description: 'The member died, left the party, is a duplicate record, or `other` (say which in `note`).' }),
  note: z.string().trim().max(500).optional(),
}).refine((c) => c.reason !== 'other' || (c.note ?? '').length > 0, { message: 'Say why in note when the reason is other.', path: ['note'] })
  .openapi('LostContactClose');

export const LostContactReopen = z.strictObject({
  note: z.string().trim().max(500).optional(),
}).openapi('LostContactReopen');

export const AssignableStaff = z.object({
  id: z.string(), name: z.string(),
  roles: z.array(z.enum(roles)).openapi({ description: 'The roles of the live grants by which they see the member.' }),
}).openapi('AssignableStaff');

export type LostContactClose = z.infer<typeof LostContactClose>;
export type LostContactReopen = z.infer<typeof LostContactReopen>;
export type AssignableStaff = z.infer<typeof AssignableStaff>;
export type LostContactQuery = z.input<typeof LostContactQuery>;
export type LostContactQueryParams = z.output<typeof LostContactQuery>;
export type LostContactCase = z.infer<typeof LostContactCase>;
export type ContactAttemptCreate = z.infer<typeof ContactAttemptCreate>;
export type ContactAttempt = z.infer<typeof ContactAttempt>;
export type LostContactUpdate = z.infer<typeof LostContactUpdate>;
export type LostContactFellowsQuery = z.output<typeof LostContactFellowsQuery>;
export type LostContactFellow = z.infer<typeof LostContactFellow>;
export type LostContactFellowsPage = z.infer<typeof LostContactFellowsPage>;
