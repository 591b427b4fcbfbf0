// Campaigns (家乡来信, docs/campaigns.md): the year's letter from home, drafted by the home admin and
// read by every staff role. Sending, the funnel and printing are routes of their own.
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import {
  AudienceCount, AudienceCountRequest, Campaign, CampaignCreate, CampaignPage, CampaignQuery, CampaignUpdate, IdParam,
} from '../../../schema/index.ts';
import { requirePermission } from '../access/api-key.ts';
import { audienceUnits, countAudience } from '../campaigns/audience.ts';
import { createCampaign, getCampaign, listCampaigns, updateCampaign } from '../data/campaigns.ts';
import type { AppEnv } from '../env.ts';
import { error, json, jsonBody, keyedErrors, notFoundError, secretKeySecurity as security } from './common.ts';

const tags = ['Campaigns'];
const write = requirePermission('campaigns:write');
const read = requirePermission('campaigns:read');
const badAudience = { 400: error('Invalid fields (`details`), or a town or village of the audience that is not this organisation\'s.') };

const create = createRoute({
  method: 'post', path: '/campaigns', operationId: 'createCampaign', tags, security, middleware: write,
  summary: 'Draft a campaign (the year\'s letter from home)',
  description: 'The home admin only. The letter (Chinese, optionally English), its signatory and dates, its audience and channels. '
    + 'A draft until it is sent. Audited (`campaign.create`).',
  request: jsonBody(CampaignCreate),
  responses: { 201: json(Campaign, 'Drafted.'), ...keyedErrors, ...badAudience },
});
const list = createRoute({
  method: 'get', path: '/campaigns', operationId: 'listCampaigns', tags, security, middleware: read,
  summary: 'Campaigns, newest first',
  description: 'The tenant\'s campaigns: the home admin, town and village staff, committee and branch secretaries. No personal data.',
  request: { query: CampaignQuery },
  responses: { 200: json(CampaignPage, 'A page of campaigns.'), ...keyedErrors },
});
const get = createRoute({
  method: 'get', path: '/campaigns/{id}', operationId: 'getCampaign', tags, security, middleware: read,
  summary: 'One campaign, with its sending progress',
  description: 'Any staff role of the tenant (`campaigns:read`); another tenant\'s campaign is 404. Poll it while `status` is `sending`: `progress.lettersMade` of `progress.audienceTotal`.',
  request: { params: IdParam },
  responses: { 200: json(Campaign, 'The campaign.'), ...keyedErrors, ...notFoundError },
});
const update = createRoute({
  method: 'patch', path: '/campaigns/{id}', operationId: 'updateCampaign', tags, security, middleware: write,
  summary: 'Edit a draft',
  description: 'The home admin only, and only while the campaign is a draft (else 409 `campaign_not_draft`). Audited (`campaign.update`).',
  request: { params: IdParam, ...jsonBody(CampaignUpdate) },
  responses: { 200: json(Campaign, 'Edited.'), ...keyedErrors, ...badAudience, ...notFoundError, 409: error('`campaign_not_draft`: it is being sent, sent or ended.') },
});
const audienceCount = createRoute({
  method: 'post', path: '/campaigns/audience-count', operationId: 'countCampaignAudience', tags, security, middleware: write,
  summary: 'How many members an audience holds now',
  description: 'For the draft\'s form. Whole towns and villages are the roster\'s counts (no member is read); a category or '
    + '"not reported since" filter counts the members of the units named (or of the tenant).',
  request: jsonBody(AudienceCountRequest),
  responses: { 200: json(AudienceCount, 'The count.'), ...keyedErrors, ...badAudience },
});

export const campaignRoutes = new OpenAPIHono<AppEnv>()
  .openapi(audienceCount, async (c) => {
    const { audience } = c.req.valid('json');
    const t = c.var.key.tenantId;
    const { members } = await countAudience(c.env.DB, t, audience, await audienceUnits(c.env.DB, t, audience));
    return c.json({ members }, 200);
  })
  .openapi(create, async (c) => c.json(await createCampaign(c, c.req.valid('json')), 201))
  .openapi(list, async (c) => c.json(await listCampaigns(c, c.req.valid('query')), 200))
  .openapi(get, async (c) => c.json(await getCampaign(c, c.req.valid('param').id), 200))
  .openapi(update, async (c) => c.json(await updateCampaign(c, c.req.valid('param').id, c.req.valid('json')), 200));
