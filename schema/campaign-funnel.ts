// The funnel's reads (docs/campaigns.md "The funnel"): a node's counts and its children's, the
// people behind a count, the .xlsx and the village's print run.
import { z } from '@hono/zod-openapi';
import { campaignChannels, campaignStatuses, funnelChannels, letterOpenedVia } from './campaign-tables.ts';
import { LocalizedText, pageOf, pageQuery } from './common.ts';

/** The stages a list of letters can be asked for: the funnel's, `failed`, and those not reported yet. */
export const letterStages = ['sent', 'delivered', 'failed', 'opened', 'reported', 'confirmed', 'not_reported'] as const;
export type LetterStage = (typeof letterStages)[number];
export const funnelSides = ['home', 'host'] as const;
export type FunnelSide = (typeof funnelSides)[number];
export const funnelNodeKinds = ['tenant', 'town', 'village', 'committee', 'branch'] as const;

const nodeId = z.string().min(1).max(64).optional()
  .openapi({ description: 'A town, village, committee or branch in scope; none: the whole campaign (home admin) or the key\'s own node.' });

/** The node of a funnel (and of its .xlsx, which has all its children). */
export const FunnelNodeQuery = z.object({
  nodeId,
  side: z.enum(funnelSides).optional()
    .openapi({ description: 'Which tree the whole campaign\'s children come from: towns (`home`, the default) or committees (`host`). A node\'s own side wins.' }),
});
export type FunnelNodeQueryParams = z.output<typeof FunnelNodeQuery>;
/** Children per page of a funnel: the console asks for the default. */
export const FUNNEL_PAGE = { max: 200, default: 50 } as const;
/** A cursor holds the last child's name (100 characters as the API takes it, maybe more as imported), so it is longer than most. */
export const FunnelQuery = FunnelNodeQuery.extend(pageQuery({ ...FUNNEL_PAGE, cursor: z.string().max(2000) }).shape);
export type FunnelQueryParams = z.output<typeof FunnelQuery>;

export const FunnelCounts = z.object({
  letters: z.number().int(), sent: z.number().int(), delivered: z.number().int(), failed: z.number().int(),
  opened: z.number().int(), reported: z.number().int(), confirmed: z.number().int(), reminded: z.number().int(),
}).openapi('FunnelCounts');
export type FunnelCounts = z.infer<typeof FunnelCounts>;

const ByChannel = z.object(Object.fromEntries(funnelChannels.map((ch) => [ch, FunnelCounts])) as Record<(typeof funnelChannels)[number], typeof FunnelCounts>)
  .openapi('FunnelByChannel', { description: '`all` counts each member once per stage; `print` and `sms` what each channel led to.' });

const FunnelNode = z.object({
  id: z.string(), kind: z.enum(funnelNodeKinds), name: LocalizedText,
  counts: ByChannel,
});

export const Funnel = z.object({
  campaign: z.object({
    id: z.string(), titleZh: z.string(), titleEn: z.string().nullable(), status: z.enum(campaignStatuses), channels: z.array(z.enum(campaignChannels)),
  }),
  side: z.enum(funnelSides),
  node: FunnelNode.extend({ parentId: z.string().nullable().openapi({ description: 'Up one level, if the caller sees it.' }) }),
  children: z.array(FunnelNode).openapi({ description: 'A page of the node\'s children by Chinese name (then id): towns (home) or committees and the branches under none (host) of the whole campaign; a town\'s villages; a committee\'s branches; none below.' }),
  nextCursor: z.string().nullable().openapi({ description: 'Pass it back as `cursor` for the next page of children (the node again, with them); null on the last page.' }),
}).openapi('Funnel');
export type Funnel = z.infer<typeof Funnel>;

export const LetterListQuery = z.object({
  nodeId,
  stage: z.enum(letterStages).default('sent'),
  channel: z.enum(funnelChannels).default('all'),
}).extend(pageQuery({ max: 100, default: 50 }).shape);
export type LetterListQueryParams = z.output<typeof LetterListQuery>;

export const CampaignLetterRow = z.object({
  id: z.string(),
  member: z.object({ id: z.string(), name: z.string().nullable(), mobile: z.string().nullable() })
    .openapi({ description: 'Name and mobile are null when `movedAway`.' }),
  movedAway: z.boolean().openapi({ description: 'The member has moved out of the node asked for since the letter was sent (to another '
    + 'host branch, committee or home unit): the letter is still counted here, and their name and mobile are shown only where they are now.' }),
  homeUnit: z.object({ id: z.string(), name: LocalizedText }).nullable(),
  hostBranch: z.object({ id: z.string(), name: LocalizedText }).nullable(),
  printedAt: z.number().int().nullable(), smsSentAt: z.number().int().nullable(), smsDeliveredAt: z.number().int().nullable(),
  smsFailedAt: z.number().int().nullable(), openedAt: z.number().int().nullable(), openedVia: z.enum(letterOpenedVia).nullable(),
  reportedAt: z.number().int().nullable(), confirmedAt: z.number().int().nullable(), remindersSent: z.number().int(),
}).openapi('CampaignLetterRow');
export type CampaignLetterRow = z.infer<typeof CampaignLetterRow>;
export const CampaignLetterPage = pageOf(CampaignLetterRow, 'CampaignLetterPage',
  'Each page looks through the next `limit` letters of the node in id order and lists those at the stage, so a page may list few or none while `nextCursor` goes on.');

export const PrintQuery = z.object({
  homeUnitId: z.string().min(1).max(64).openapi({ description: 'The village (or a town, for members registered in the town itself) whose letters to print.' }),
});
