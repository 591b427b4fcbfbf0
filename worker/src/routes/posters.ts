// Printable QR posters for a branch's or a station's door: the code opens the check-in form with
// that branch (or the branches near that station) preset.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { IdParam, StationIdParam } from '../../../schema/index.ts';
import { PosterQuery } from '../../../schema/posters.ts';
import { presentedKey } from '../access/api-key.ts';
import { database } from '../db.ts';
import type { AppEnv } from '../env.ts';
import { notFound } from '../errors.ts';
import { posterTarget, type PosterSubject } from '../posters/check-in-url.ts';
import { renderPoster } from '../posters/poster-html.ts';
import { qrSvg } from '../posters/qr-svg.ts';
import { posterFacts } from '../posters/subject.ts';
import { anyKeySecurity as security, keyedErrors, notFoundError, notModified, publicRead } from './common.ts';

/** No script may run in a poster; only its own inline styles apply. */
const POSTER_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const description = 'An A4 portrait page to print (HTML with print CSS, the QR code as inline SVG): the tenant, the name '
  + 'and address in Chinese and English, a QR code and the link it holds. Asked for with a publishable key (`?key=pk_…`), '
  + 'the code opens this server\'s `/check-in` page with that key; with a secret key, `checkInUrl` is required '
  + '(a secret key is never printed).';

const posterRoute = (path: string, operationId: string, summary: string, params: typeof IdParam | typeof StationIdParam) => createRoute({
  method: 'get', path, operationId, tags: ['Posters'], security, summary, description,
  middleware: publicRead(60),
  request: { params, query: PosterQuery },
  responses: {
    200: { description: 'The poster page.', content: { 'text/html': { schema: z.string() } } },
    ...notModified, ...keyedErrors, ...notFoundError,
  },
});

const branchPoster = posterRoute('/branches/{id}/poster', 'getBranchPoster', 'Printable QR poster of a branch (check in here)', IdParam);
const stationPoster = posterRoute('/stations/{id}/poster', 'getStationPoster', 'Printable QR poster of a service station (check in nearby)', StationIdParam);

async function poster(c: Context<AppEnv>, subject: PosterSubject, checkInUrl: string | undefined) {
  const key = c.var.key;
  const facts = await posterFacts(database(c.env.DB), key.tenantId, subject);
  if (!facts) throw notFound(subject.kind === 'branch' ? 'The branch' : 'The station');
  const token = presentedKey(c.req.header('Authorization'), c.req.query('key')) ?? '';
  const url = posterTarget(subject, { key, token, origin: new URL(c.req.url).origin }, checkInUrl);
  const qr = qrSvg(url, `二维码：${url}`);
  c.header('Content-Security-Policy', POSTER_CSP);
  return c.html(renderPoster({ kind: subject.kind, ...facts, url, qr }), 200);
}

export const posterRoutes = new OpenAPIHono<AppEnv>()
  .openapi(branchPoster, (c) => poster(c, { kind: 'branch', id: c.req.valid('param').id }, c.req.valid('query').checkInUrl))
  .openapi(stationPoster, (c) => poster(c, { kind: 'station', id: c.req.valid('param').id }, c.req.valid('query').checkInUrl));
