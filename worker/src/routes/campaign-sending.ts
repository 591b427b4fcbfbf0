// Sending a campaign (docs/campaigns.md, Sending): start, or resume, its steps on the CAMPAIGNS queue.
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { CampaignSendResult, IdParam } from '../../../schema/index.ts';
import { requirePermission } from '../access/api-key.ts';
import { startSending } from '../campaigns/start-sending.ts';
import type { AppEnv } from '../env.ts';
import { error, json, keyedErrors, notFoundError, secretKeySecurity as security } from './common.ts';

const send = createRoute({
  method: 'post', path: '/campaigns/{id}/send', operationId: 'sendCampaign', tags: ['Campaigns'], security,
  middleware: [requirePermission('campaigns:write')] as const,
  summary: 'Send a campaign, or resume one being sent',
  description: 'Home admin only. A draft starts sending: its audience is counted (`audienceTotal`) and letters are made in member order '
    + 'in steps on a queue, each member\'s SMS (with the `sms` channel) sent at most once, outside quiet hours, never to a number that '
    + 'opted out or failed. A campaign already `sending` resumes from where it stands (calling again is harmless). When every member '
    + 'of the audience has a letter it is `sent`. A campaign `sent` or `ended`, or past its `endsAt`, is a 409, as is the SMS channel '
    + 'without its approved template. Audited (`campaign.send`, `campaign.resume`).',
  request: { params: IdParam },
  responses: {
    202: json(CampaignSendResult, 'Sending (or resumed).'), ...keyedErrors, ...notFoundError,
    409: error('The campaign is sent or ended, past its end, or its SMS template is not configured.'),
  },
});

export const campaignSendingRoutes = new OpenAPIHono<AppEnv>()
  .openapi(send, async (c) => c.json(await startSending(c, c.req.valid('param').id), 202));
