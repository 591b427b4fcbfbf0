// Campaigns' API contract (docs/campaigns.md): the letter staff write and the campaign as read back.
import { z } from '@hono/zod-openapi';
import { campaignChannels, campaignStatuses } from './campaign-tables.ts';
import { LocalizedText, pageOf, pageQuery } from './common.ts';
import { MobileProofToken } from './mobile-verification.ts';
import { memberCategories } from './tables.ts';

const DAY = 86_400_000;

export const CampaignAudience = z.object({
  homeUnitIds: z.array(z.string().min(1).max(64)).min(1).max(200).optional()
    .openapi({ description: 'Towns or villages: their members (a town\'s include its villages\').' }),
  categories: z.array(z.enum(memberCategories)).min(1).optional(),
  notReportedSince: z.number().int().positive().optional()
    .openapi({ description: 'Only members with no confirmed check-in since then (unix ms), or none ever.' }),
}).strict().openapi('CampaignAudience', { description: 'Every field narrows the audience; none: every member.' });

const letterFields = {
  titleZh: z.string().trim().min(1).max(100),
  titleEn: z.string().trim().min(1).max(200).nullable().optional(),
  bodyZh: z.string().trim().min(1).max(5000).openapi({ description: 'The letter, plain text; blank lines separate paragraphs.' }),
  bodyEn: z.string().trim().min(1).max(10000).nullable().optional(),
  signatory: z.string().trim().min(1).max(100).openapi({ example: '中共邳州市委组织部' }),
  startsAt: z.number().int().positive(),
  endsAt: z.number().int().positive().openapi({ description: 'Personal links expire then, and the members still silent go to the lost-contact list.' }),
  audience: CampaignAudience,
  channels: z.array(z.enum(campaignChannels)).min(1).max(2).openapi({ description: '`print`: letters printed per village with a QR code; `sms`: the fixed address and the personal code.' }),
  reminderAfterDays: z.number().int().min(1).max(90).optional().openapi({ description: 'Default 14.' }),
  reminderLimit: z.number().int().min(0).max(5).optional().openapi({ description: 'Reminders at most, per member (default 2; 0: none).' }),
};
const datesInOrder = (c: { startsAt?: number; endsAt?: number }) =>
  c.startsAt === undefined || c.endsAt === undefined || (c.endsAt > c.startsAt && c.endsAt - c.startsAt <= 366 * DAY);
const DATES = { path: ['endsAt'], message: 'endsAt must be after startsAt, within a year.' };

export const CampaignCreate = z.object(letterFields).refine(datesInOrder, DATES).openapi('CampaignCreate');
/** A draft's changes; a campaign being sent or sent cannot change. */
export const CampaignUpdate = z.object(letterFields).partial().refine(datesInOrder, DATES).openapi('CampaignUpdate');

export const Campaign = z.object({
  id: z.string(),
  status: z.enum(campaignStatuses),
  titleZh: z.string(), titleEn: z.string().nullable(), bodyZh: z.string(), bodyEn: z.string().nullable(),
  signatory: z.string(), startsAt: z.number().int(), endsAt: z.number().int(),
  audience: CampaignAudience, channels: z.array(z.enum(campaignChannels)),
  reminderAfterDays: z.number().int(), reminderLimit: z.number().int(),
  createdAt: z.number().int(), updatedAt: z.number().int(),
  progress: z.object({
    audienceTotal: z.number().int().nullable().openapi({ description: 'Members in the audience when sending began.' }),
    lettersMade: z.number().int(),
    sendStartedAt: z.number().int().nullable(), sentAt: z.number().int().nullable(), endedAt: z.number().int().nullable(),
  }),
}).openapi('Campaign');
export type Campaign = z.infer<typeof Campaign>;
export const CampaignPage = pageOf(Campaign, 'CampaignPage', 'Campaigns, newest first.');
export const CampaignQuery = z.object({}).extend(pageQuery().shape);
export type CampaignQueryParams = z.output<typeof CampaignQuery>;

export const AudienceCountRequest = z.object({ audience: CampaignAudience }).openapi('AudienceCountRequest');
export const AudienceCount = z.object({
  members: z.number().int().openapi({ description: 'Members the audience holds now (sending counts again when it begins).' }),
}).openapi('AudienceCount');

/** A personal letter is named by its QR code's token or its typed code: exactly one. */
const letterKey = {
  token: z.string().min(1).max(200).optional().openapi({ description: "The token of the printed letter's QR code (`/l/<token>`)." }),
  code: z.string().min(1).max(40).optional().openapi({ description: 'The personal code, as typed (dashes, spaces and case do not matter).', example: 'ABCDE-FGHJK' }),
};
const oneKey = (k: { token?: string; code?: string }) => (k.token === undefined) !== (k.code === undefined);
const ONE_KEY = { message: 'Send the token or the code, one of them.', path: ['code'] };

export const LetterOpen = z.object(letterKey).strict().refine(oneKey, ONE_KEY).openapi('LetterOpen');
export const LetterOptOut = z.object({
  ...letterKey,
  mobileProof: MobileProofToken,
}).strict().refine(oneKey, ONE_KEY).openapi('LetterOptOut');

const Named = z.object({ id: z.string(), name: LocalizedText });
export const Letter = z.object({
  campaign: z.object({
    titleZh: z.string(), titleEn: z.string().nullable(), bodyZh: z.string(), bodyEn: z.string().nullable(),
    signatory: z.string(), startsAt: z.number().int(), endsAt: z.number().int(),
  }),
  code: z.string().openapi({ description: 'The personal code, shown `ABCDE-FGHJK`.', example: 'ABCDE-FGHJK' }),
  member: z.object({
    name: z.string().openapi({ description: 'Masked: the first and last characters only.', example: '张*明' }),
    mobile: z.string().openapi({ description: 'Masked: the first three and last four digits.', example: '138****1234' }),
    homeUnit: Named,
    hostBranch: Named.nullable(),
    smsOptedOut: z.boolean(),
  }),
  openedAt: z.number().int(),
  reportedAt: z.number().int().nullable(),
}).openapi('Letter', { description: 'What a letter\'s page shows: never the full name or mobile, which only the member types.' });
export type Letter = z.infer<typeof Letter>;
