// Editing the two trees: committees and branches (host side), towns and villages (home side).
import { z } from '@hono/zod-openapi';
import { LocalizedText } from './common.ts';

const name = z.string().trim().min(1).max(100);
const optionalText = z.string().trim().max(200).nullable().optional();

export const CommitteeCreate = z.strictObject({ cityId: z.string().min(1).max(64), nameZh: name, nameEn: name }).openapi('CommitteeCreate');
export const CommitteeUpdate = z.strictObject({ nameZh: name.optional(), nameEn: name.optional() }).openapi('CommitteeUpdate');
export const Committee = z.object({ id: z.string(), city: z.string(), name: LocalizedText }).openapi('Committee');

const branchFields = {
  committeeId: z.string().min(1).max(64).nullable().openapi({ description: 'The host-city committee; null for a branch under none.' }),
  cityId: z.string().min(1).max(64),
  nameZh: name, nameEn: name,
  addressZh: z.string().trim().min(1).max(200), addressEn: z.string().trim().min(1).max(200),
  lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180),
  meetingPlaceZh: optionalText, meetingPlaceEn: optionalText, meetingTimesZh: optionalText, meetingTimesEn: optionalText,
  officePhone: z.string().trim().regex(/^[0-9+\-() ]{5,20}$/, "An office phone (never a person's own number).").nullable().optional(),
};
export const BranchCreate = z.strictObject(branchFields).openapi('BranchCreate');
export const BranchUpdate = z.strictObject(branchFields).partial()
  .refine((u) => Object.keys(u).length > 0, { message: 'Give at least one field.' })
  .openapi('BranchUpdate', { description: 'Only the fields given change. `committeeId` moves the branch and its members to another committee (home admin only).' });

export const HomeUnitCreate = z.strictObject({
  kind: z.enum(['town', 'village']),
  parentId: z.string().min(1).max(64).nullable().openapi({ description: "A village's town; null for a town." }),
  nameZh: name, nameEn: name,
}).openapi('HomeUnitCreate');
export const HomeUnitUpdate = z.strictObject({
  nameZh: name.optional(), nameEn: name.optional(),
  contactUserId: z.string().min(1).max(64).nullable().optional()
    .openapi({ description: "A village's contact person for its mobile members: a staff user, who gets its lost-contact cases." }),
}).refine((u) => Object.keys(u).length > 0, { message: 'Give at least one field.' }).openapi('HomeUnitUpdate');
export const HomeUnit = z.object({
  id: z.string(), kind: z.enum(['town', 'village']), parentId: z.string().nullable(), name: LocalizedText, contactUserId: z.string().nullable(),
}).openapi('HomeUnit');

const nullableText = z.string().nullable();
/** A branch as stored: what BranchUpdate changes, each text as it is (the public Branch gives a missing English text as the Chinese). */
export const BranchRecord = z.object({
  id: z.string(), committeeId: z.string().nullable(), cityId: z.string(), nameZh: z.string(), nameEn: z.string(),
  addressZh: z.string(), addressEn: z.string(), lat: z.number(), lng: z.number(),
  meetingPlaceZh: nullableText, meetingPlaceEn: nullableText, meetingTimesZh: nullableText, meetingTimesEn: nullableText, officePhone: nullableText,
}).openapi('BranchRecord');

const StaffName = z.object({ id: z.string(), name: z.string() }).openapi('StaffName');
/** A town or village for editing: its contact person by name, and who may be named. */
export const HomeUnitRecord = HomeUnit.extend({
  contact: StaffName.nullable(),
  contactCandidates: z.array(StaffName).openapi({
    description: "Staff with a live grant here (a village's staff, its town's staff): whom `contactUserId` may name.",
  }),
}).openapi('HomeUnitRecord');

export type CommitteeCreate = z.infer<typeof CommitteeCreate>;
export type CommitteeUpdate = z.infer<typeof CommitteeUpdate>;
export type Committee = z.infer<typeof Committee>;
export type BranchCreate = z.infer<typeof BranchCreate>;
export type BranchUpdate = z.infer<typeof BranchUpdate>;
export type HomeUnitCreate = z.infer<typeof HomeUnitCreate>;
export type HomeUnitUpdate = z.infer<typeof HomeUnitUpdate>;
export type HomeUnit = z.infer<typeof HomeUnit>;
export type BranchRecord = z.infer<typeof BranchRecord>;
export type HomeUnitRecord = z.infer<typeof HomeUnitRecord>;
