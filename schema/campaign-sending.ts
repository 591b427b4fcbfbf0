// Sending a campaign (docs/campaigns.md, Sending): what `POST /v1/campaigns/{id}/send` answers.
import { z } from '@hono/zod-openapi';
import { campaignStatuses } from './campaign-tables.ts';

export const CampaignSendResult = z.object({
  id: z.string(),
  status: z.enum(campaignStatuses).openapi({ description: '`sending` (or `sent`, when a resumed campaign had just finished).' }),
  resumed: z.boolean().openapi({ description: 'The campaign was already sending: its steps were enqueued again from where it stands.' }),
  progress: z.object({
    audienceTotal: z.number().int().nullable().openapi({ description: 'Members in the audience when sending began.' }),
    lettersMade: z.number().int(),
    sendStartedAt: z.number().int().nullable(),
    sentAt: z.number().int().nullable(),
  }),
}).openapi('CampaignSendResult');
export type CampaignSendResult = z.infer<typeof CampaignSendResult>;
