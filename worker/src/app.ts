import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from './env.ts';
import { HttpError, onError, onNotFound } from './errors.ts';
import { requireKey } from './access/api-key.ts';
import { SESSION_COOKIE } from './access/staff-session.ts';
import { cors } from './middleware/cors.ts';
import { limitBodies } from './middleware/body-limit.ts';
import { d1Meter } from './middleware/d1-meter.ts';
import { rateLimit } from './middleware/rate-limit.ts';
import { requestContext } from './middleware/request-context.ts';
import { securityHeaders } from './middleware/security-headers.ts';
import { branchRoutes } from './routes/branches.ts';
import { cityRoutes } from './routes/cities.ts';
import { memberRoutes } from './routes/members.ts';
import { auditRoutes } from './routes/audit.ts';
import { keyRoutes } from './routes/keys.ts';
import { partnerRoutes } from './routes/partners.ts';
import { checkInRoutes } from './routes/check-ins.ts';
import { docsPage } from './routes/docs.ts';
import { openApiDocument } from './routes/openapi.ts';
import { mobileVerificationRoutes } from './routes/mobile-verifications.ts';
import { stationRoutes } from './routes/stations.ts';
import { serviceRequestRoutes } from './routes/service-requests.ts';
import { stationEditRoutes } from './routes/station-edits.ts';
import { hsdsRoutes } from './routes/hsds.ts';
import { posterRoutes } from './routes/posters.ts';
import { staffRoutes } from './routes/staff.ts';
import { rosterImportRoutes } from './routes/roster-imports.ts';
import { rosterRoutes } from './routes/roster.ts';
import { lostContactRoutes } from './routes/lost-contact.ts';
import { organisationRoutes } from './routes/organisation.ts';
import { staffAuthRoutes } from './routes/staff-auth.ts';
import { notificationReceiptRoutes, wechatRoutes } from './routes/notifications.ts';
import { myDataRoutes } from './routes/my-data.ts';
import { dataRequestRoutes } from './routes/data-requests.ts';
import { campaignRoutes } from './routes/campaigns.ts';
import { letterRoutes } from './routes/letters.ts';
import { campaignFunnelRoutes } from './routes/campaign-funnel.ts';
import { campaignSendingRoutes } from './routes/campaign-sending.ts';

/** /letter with the key and what else is given. */
function letterPage(key: string | undefined, more: Record<string, string | undefined>): string {
  const query = new URLSearchParams(Object.entries({ k: key || undefined, ...more }).filter((e): e is [string, string] => e[1] !== undefined));
  return `/letter${query.size ? `?${query}` : ''}`;
}

/** Every validation failure becomes the same 400 envelope, with one entry per problem. */
const validationHook = (result: { success: boolean; error?: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } }) => {
  if (!result.success) {
    const details = (result.error?.issues ?? []).map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
    throw new HttpError(400, 'validation_failed', 'Some parameters are invalid.', details);
  }
};

const healthRoute = createRoute({
  method: 'get', path: '/v1/health', operationId: 'getHealth', tags: ['Health'], security: [],
  summary: 'Whether the API is up',
  description: 'Answers without a key and without touching the database, for uptime checks and load balancers.',
  responses: { 200: { description: 'Up.', content: { 'application/json': { schema: z.object({ ok: z.literal(true) }).openapi('Health') } } } },
});

const api = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .use('*', requireKey(), rateLimit())
  .route('/', branchRoutes)
  .route('/', cityRoutes)
  .route('/', memberRoutes)
  .route('/', auditRoutes)
  .route('/', keyRoutes)
  .route('/', partnerRoutes)
  .route('/', checkInRoutes)
  .route('/', mobileVerificationRoutes)
  .route('/', posterRoutes)
  .route('/', stationRoutes)
  .route('/', serviceRequestRoutes)
  .route('/', stationEditRoutes)
  .route('/', hsdsRoutes)
  .route('/', rosterImportRoutes)
  .route('/', staffRoutes)
  .route('/', rosterRoutes)
  .route('/', lostContactRoutes)
  .route('/', organisationRoutes)
  .route('/', wechatRoutes)
  .route('/', myDataRoutes)
  .route('/', dataRequestRoutes)
  .route('/', campaignRoutes)
  .route('/', letterRoutes)
  .route('/', campaignFunnelRoutes)
  .route('/', campaignSendingRoutes);

export const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
app.use('*', requestContext(), securityHeaders(), limitBodies());
app.use('/v1/*', cors(), d1Meter());
// Unkeyed routes come before the keyed API, whose key check covers the rest of /v1/*.
app.openapi(healthRoute, (c) => c.json({ ok: true as const }, 200));
app.route('/', notificationReceiptRoutes);

app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
  type: 'http', scheme: 'bearer', description: 'A secret key (`sk_…`, servers) or a publishable key (`pk_…`).',
});
app.openAPIRegistry.registerComponent('securitySchemes', 'consoleSession', {
  type: 'apiKey', in: 'cookie', name: SESSION_COOKIE,
  description: 'A staff member signed in to the console (/auth), acting through one grant (`X-Ginkgo-Grant`); same-origin pages only.',
});
app.openAPIRegistry.registerComponent('securitySchemes', 'publishableKey', {
  type: 'apiKey', in: 'query', name: 'key', description: 'A publishable key (`pk_…`) in the URL, as the widgets send it.',
});
app.get('/v1/openapi.json', (c) => c.json(openApiDocument(app)));
// The docs UI (Scalar): its script is served from our own static assets, no CDN (tests run
// offline, and CDNs are unreliable in mainland China); no inline script, no third-party calls.
app.get('/docs', docsPage);
// The short address every notification SMS names as fixed text (NOTIFY_STATUS_ADDRESS): 我的报到.
app.get('/s', (c) => c.redirect(`/status${c.env.STATUS_PAGE_KEY ? `?k=${encodeURIComponent(c.env.STATUS_PAGE_KEY)}` : ''}`, 302));
// The letter from home: /l/<token> is a printed letter's QR code, /l (?c=<code>) the fixed address
// an SMS names (LETTER_ADDRESS). Both lead to the letter page with the tenant's publishable key;
// the token moves to the fragment, which browsers never send, so no later log holds it.
app.get('/l', (c) => c.redirect(letterPage(c.env.STATUS_PAGE_KEY, { c: c.req.query('c'), lang: c.req.query('lang') }), 302));
app.get('/l/:token{[\\w.-]{1,200}}', (c) => c.redirect(`${letterPage(c.env.STATUS_PAGE_KEY, { lang: c.req.query('lang') })}#t=${c.req.param('token')}`, 302));

app.route('/', staffAuthRoutes);
app.route('/v1', api);

app.onError(onError);
app.notFound(onNotFound);
