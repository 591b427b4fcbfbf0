// The funnel of a campaign, read by staff: a node's counts and its children's, the people behind a
// count, the same as .xlsx, and a village's printed letters (docs/campaigns.md).
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import {
  CampaignLetterPage, Funnel, FUNNEL_PAGE, FunnelNodeQuery, FunnelQuery, IdParam, LetterListQuery, PrintQuery, type FunnelNodeQueryParams,
} from '../../../schema/index.ts';
import { requirePermission } from '../access/api-key.ts';
import { auditEntry } from '../access/audit.ts';
import { FUNNEL_EXPORT, funnelFrom, funnelPage, funnelQuery, funnelWalk, type FunnelPage } from '../campaigns/funnel.ts';
import { campaignFor, funnelNode, parentVisible, sideOf } from '../campaigns/funnel-scope.ts';
import { listLetters } from '../campaigns/letter-list.ts';
import { printRun } from '../campaigns/print.ts';
import { prepared } from '../campaigns/statements.ts';
import type { AppEnv } from '../env.ts';
import { funnelAttachment, funnelWorkbook, XLSX_TYPE } from '../sheets/campaign-funnel.ts';
import { error, json, keyedErrors, notFoundError, secretKeySecurity as security } from './common.ts';

const tags = ['Campaigns'];
const who = 'The home admin reads any node; town staff their town and its villages, village staff their village, committee '
  + 'and branch secretaries their committee (and its branches) or branch. A campaign of another tenant, an unknown node, a node '
  + 'out of scope, and any campaign for a partner, are 404.';

const funnel = createRoute({
  method: 'get', path: '/campaigns/{id}/funnel', operationId: 'getCampaignFunnel', tags, security, middleware: [requirePermission('members:read')] as const,
  summary: "A node's funnel and its children's",
  description: `Counts per stage and channel (all, print, SMS) of the node (none: the whole campaign for the home admin, else the key's own node) and of a page of its children (\`limit\`, default ${FUNNEL_PAGE.default}, at most ${FUNNEL_PAGE.max}; by Chinese name, then id): the whole campaign's towns (\`side=home\`) or committees and the branches under none (\`side=host\`), a town's villages, a committee's branches. The node comes with every page. Read from the funnel's counters only, a row per node and channel, whatever the campaign's size, and a page of children at a time, however many the node has. ${who}`,
  request: { params: IdParam, query: FunnelQuery },
  responses: { 200: json(Funnel, 'The funnel.'), ...keyedErrors, ...notFoundError },
});

const letters = createRoute({
  method: 'get', path: '/campaigns/{id}/letters', operationId: 'listCampaignLetters', tags, security, middleware: [requirePermission('members:read')] as const,
  summary: 'The people behind a count of the funnel',
  description: `The letters of the node at \`stage\` in \`channel\` (\`not_reported\`: sent and not reported yet), with the member's name and mobile. Each page looks through the next \`limit\` letters of the node and lists those at the stage. Audited (\`member.list\`, the members shown). ${who}`,
  request: { params: IdParam, query: LetterListQuery },
  responses: { 200: json(CampaignLetterPage, 'A page.'), ...keyedErrors, ...notFoundError },
});

const workbook = createRoute({
  method: 'get', path: '/campaigns/{id}/funnel.xlsx', operationId: 'exportCampaignFunnel', tags, security, middleware: [requirePermission('members:read')] as const,
  summary: 'The funnel as .xlsx',
  description: `A row per node (the node, then all its children, read ${FUNNEL_EXPORT.chunk} at a time, at most ${FUNNEL_EXPORT.chunk * FUNNEL_EXPORT.chunks}: past them a last row says the list stops there) and channel, a column per count. Audited (\`campaign.export\`). ${who}`,
  request: { params: IdParam, query: FunnelNodeQuery },
  responses: {
    200: { description: 'The workbook (`Content-Disposition: attachment`).', content: { [XLSX_TYPE]: { schema: z.string().openapi({ format: 'binary' }) } } },
    ...keyedErrors, ...notFoundError,
  },
});

const print = createRoute({
  method: 'get', path: '/campaigns/{id}/print', operationId: 'printCampaignLetters', tags, security, middleware: [requirePermission('members:write')] as const,
  summary: "A village's letters, to print",
  description: 'One HTML document, an A4 page per letter of the home unit (mail merge: the member\'s name, their personal code, '
    + 'a QR code of their letter\'s signed link, expiring at the campaign\'s end). Letters printed for the first time are marked '
    + 'printed and counted as sent in the print channel, once. The home admin, and the staff of the village or its town. '
    + 'Audited (`campaign.print`).',
  request: { params: IdParam, query: PrintQuery },
  responses: {
    200: { description: 'The document.', content: { 'text/html': { schema: z.string() } } },
    ...keyedErrors, ...notFoundError,
    409: error('The campaign is a draft, has ended (or is past its end), or is not sent on paper.'),
  },
});

/** No script may run in the letters; only their own inline styles apply (as the posters). */
const PRINT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The campaign and node asked for (404 out of scope), and a reader of its pages, each in one batch with the export's audit entry if asked. */
async function funnelOf(c: Context<AppEnv>, id: string, q: FunnelNodeQueryParams) {
  const key = c.var.key;
  const campaign = await campaignFor(c.env.DB, key, id);
  const node = await funnelNode(c.env.DB, key, q.nodeId);
  const side = sideOf(node, q.side);
  const head = { id: campaign.id, titleZh: campaign.titleZh, titleEn: campaign.titleEn, status: campaign.status, channels: campaign.channels };
  const parentId = parentVisible(key, node);
  const read = async (page: FunnelPage, audit = false) => {
    const entry = audit ? [prepared(c.env.DB, auditEntry(c, {
      action: 'campaign.export', subjectType: 'campaign', subjectId: campaign.id, detail: { nodeId: node.id, side, format: 'xlsx' },
    }))] : [];
    const [rows] = await c.env.DB.batch([funnelQuery(c.env.DB, campaign.id, key.tenantId, node, side, page), ...entry]);
    return funnelFrom(head, side, node, parentId, rows!.results as never, page.limit);
  };
  return { campaign, node, read };
}

export const campaignFunnelRoutes = new OpenAPIHono<AppEnv>()
  .openapi(funnel, async (c) => {
    const q = c.req.valid('query');
    const page = funnelPage(q.cursor, q.limit);
    return c.json(await (await funnelOf(c, c.req.valid('param').id, q)).read(page), 200);
  })
  .openapi(letters, async (c) => {
    const q = c.req.valid('query');
    const campaign = await campaignFor(c.env.DB, c.var.key, c.req.valid('param').id);
    const node = await funnelNode(c.env.DB, c.var.key, q.nodeId);
    return c.json(await listLetters(c, campaign.id, node, q), 200);
  })
  .openapi(workbook, async (c) => {
    const { campaign, node, read } = await funnelOf(c, c.req.valid('param').id, c.req.valid('query'));
    const { funnel: f, complete } = await funnelWalk(read);
    const bytes = await funnelWorkbook(f, campaign.titleZh, complete);
    return c.body(bytes, 200, { 'Content-Type': XLSX_TYPE, 'Content-Disposition': funnelAttachment(campaign.titleZh, node.nameZh, campaign.id, node.id) });
  })
  .openapi(print, async (c) => {
    const run = await printRun(c, c.req.valid('param').id, c.req.valid('query').homeUnitId);
    c.header('Content-Security-Policy', PRINT_CSP);
    c.header('Cache-Control', 'no-store');
    return c.html(run.html, 200);
  });
