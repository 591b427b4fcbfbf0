// The OpenAPI document at /v1/openapi.json: what the routes declare (createRoute), completed here
// in one place with what the app's middleware does to every route, so that no route repeats it:
// the headers each response carries, the errors any keyed call or any body can get, and the
// conditional GET of the cached public reads.
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../env.ts';

type Document = ReturnType<OpenAPIHono<AppEnv>['getOpenAPI31Document']>;
type Json = Record<string, unknown>;
type Response = { description: string; headers?: Record<string, Json>; content?: Record<string, Json> };
type Operation = {
  operationId?: string; security?: unknown[]; parameters?: Json[]; requestBody?: unknown; responses: Record<string, Response>;
};

/** In the order the docs (/docs) show them: the first one opens expanded. */
const TAGS: { name: string; description: string }[] = [
  { name: 'Branches', description: 'Host branches (分会) in the cities where members work: search, nearest, one branch.' },
  { name: 'Cities', description: 'The host cities that have branches or stations.' },
  { name: 'Stations', description: 'Service stations (服务站) and their services, hours and volunteer teams.' },
  { name: 'Check-ins', description: 'The public check-in (报到) form, its receipt, and the staff review of check-ins.' },
  { name: 'Mobile verification', description: 'SMS codes that prove a sender holds a mobile number, for the public forms.' },
  { name: 'Service requests', description: 'Asking for help by category, and following a request to its answer.' },
  { name: 'Posters', description: 'Printable QR posters that open the check-in form.' },
  { name: 'Notifications', description: 'Telling members (SMS, WeChat) of decisions they opted in to hear of: vendor receipts and WeChat subscriptions.' },
  { name: 'HSDS export', description: 'The station directory as Open Referral HSDS 3.0.' },
  { name: 'Members', description: 'The roster of members: lists, records, their history, and the tree of home units.' },
  { name: 'Lost contact', description: 'Members nobody has reached: follow-up attempts, assignment and closing.' },
  { name: 'My data', description: 'A member\'s own data, after proving the mobile by SMS code: a copy, withdrawing consent, asking for a correction or erasure.' },
  { name: 'Data requests', description: 'Members\' corrections and erasures, answered by the home admin within 15 days; executing an erasure.' },
  { name: 'Roster import', description: 'Importing a roster from a spreadsheet: template, checks and batches.' },
  { name: 'Organisation', description: 'Editing the organisation: home units, committees and branches.' },
  { name: 'Station editing', description: 'Editing stations, their services, hours and volunteer teams.' },
  { name: 'Keys', description: 'API keys: issue, rotate and revoke.' },
  { name: 'Audit', description: 'The audit log of staff reads and changes.' },
  { name: 'Campaigns', description: 'The year\'s letter from home (家乡来信): drafting it, its audience, sending it at scale, reminders, the funnel by node and channel, and the printed letters.' },
  { name: 'Letters', description: 'A member\'s personal letter from home: opening it by its QR token or personal code, and opting out of campaign SMS.' },
  { name: 'Partners', description: 'Partners members may share their data with, and those members\' consents.' },
  { name: 'Console', description: 'The staff console: the signed-in staff member and invitations.' },
  { name: 'Health', description: 'Whether the API is up; no key needed.' },
];

const ref = (name: string) => ({ $ref: `#/components/headers/${name}` });

/** Response headers, by the middleware that sends them (worker/src/middleware/*). */
const HEADERS: Record<string, Json> = {
  'X-Request-Id': {
    description: 'This request\'s id, also in every error body and audit entry; quote it when reporting a problem.',
    required: true, schema: { type: 'string', pattern: '^req_[0-9a-f]{32}$' },
  },
  'Cache-Control': {
    description: 'Personal data, changes and errors are never stored by any cache.',
    required: true, schema: { type: 'string', const: 'no-store' },
  },
  'Cache-Control-Public': {
    description: 'A public read may be cached briefly: `public` when the key is in the URL (and so in every cache key), '
      + '`private` when it came in the `Authorization` header.',
    required: true, schema: { type: 'string', pattern: '^(public|private), max-age=\\d+, stale-while-revalidate=\\d+$' },
  },
  'Server-Timing': {
    description: 'What the request cost in D1: `db;desc="round_trips=… statements=…"` (with rows read and written where '
      + 'metering is on); nearest searches add a `d1` entry.',
    required: true, schema: { type: 'string' },
  },
  ETag: {
    description: 'A hash of the body; send it back as `If-None-Match` to get `304` while it is unchanged.',
    required: true, schema: { type: 'string', pattern: '^(W/)?"[^"]*"$' },
  },
  'Retry-After': { description: 'Seconds to wait before trying again.', required: true, schema: { type: 'integer', minimum: 0 } },
  'Idempotent-Replayed': {
    description: '`true` when this is the stored answer to an earlier request with the same `Idempotency-Key`.',
    required: false, schema: { type: 'boolean' },
  },
};

const errorContent = { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } };
const errorResponse = (description: string): Response => ({ description, content: errorContent });

/** Errors the app's middleware gives any call of a kind, unless the route describes them itself. */
const KEYED_ERRORS: Record<string, Response> = {
  429: errorResponse('`rate_limited`: too many requests for this key (or, for a publishable key, from this address).'),
  503: errorResponse('The key changed while the request ran (or a service it needs is down for a moment); try again after `Retry-After`.'),
};
const JSON_BODY_ERRORS: Record<string, Response> = {
  415: errorResponse('The body is not JSON: send it with `Content-Type: application/json`.'),
};
/** Any body sent is counted against the limit, also to an operation that reads none. */
const TOO_LARGE = errorResponse('`payload_too_large`: the body is over this route\'s limit (64 KB for most, `details.maxBytes` says).');

const IF_NONE_MATCH = {
  name: 'If-None-Match', in: 'header', required: false,
  description: 'The `ETag` of a copy the client holds: `304` with no body while it is unchanged.',
  schema: { type: 'string' },
};

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

function complete(method: (typeof METHODS)[number], op: Operation): void {
  const keyed = (op.security ?? []).length > 0;
  const conditional = '304' in op.responses;
  const idempotent = (op.parameters ?? []).some((p) => String(p.name).toLowerCase() === 'idempotency-key' && p.in === 'header');
  if (keyed) op.responses = { ...op.responses, ...Object.fromEntries(Object.entries(KEYED_ERRORS).filter(([s]) => !(s in op.responses))) };
  if (op.requestBody) op.responses = { ...op.responses, ...JSON_BODY_ERRORS };
  if (method !== 'get') op.responses = { ...op.responses, 413: TOO_LARGE };
  if (conditional) op.parameters = [...(op.parameters ?? []), IF_NONE_MATCH];
  for (const [status, response] of Object.entries(op.responses)) {
    const cached = conditional && (status === '200' || status === '304');
    response.headers = {
      ...response.headers,
      'X-Request-Id': ref('X-Request-Id'),
      'Cache-Control': ref(cached ? 'Cache-Control-Public' : 'Cache-Control'),
      // A body refused by its Content-Length is answered before the D1 meter runs.
      'Server-Timing': status === '413' ? { ...HEADERS['Server-Timing'], required: false } : ref('Server-Timing'),
      ...(cached ? { ETag: ref('ETag') } : {}),
      ...(status === '429' || status === '503' ? { 'Retry-After': ref('Retry-After') } : {}),
      // A 404 is replayed too: the stored answer to a submission erased at the member's request.
      ...(idempotent && (status === '201' || status === '404') ? { 'Idempotent-Replayed': ref('Idempotent-Replayed') } : {}),
    };
  }
}

/** The document of `app`'s routes, completed; the same object on every call. */
export function openApiDocument(app: OpenAPIHono<AppEnv>): Document {
  if (cached) return cached;
  const doc = app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'Ginkgo API', version: '1.0.0',
      description: 'Find host branches and service stations of a hometown organisation, check in to branches, '
        + 'ask for help by category (service requests) and follow it to an answer, edit the station directory, '
        + 'export it as Open Referral HSDS 3.0, and print QR posters. '
        + 'Errors are `{ "error": { "code", "message", "requestId", "details?" } }`.',
    },
    servers: [{ url: '/', description: 'This server' }],
    tags: TAGS,
  });
  for (const ops of Object.values(doc.paths ?? {})) {
    for (const method of METHODS) if (ops[method]) complete(method, ops[method] as unknown as Operation);
  }
  doc.components = { ...doc.components, headers: { ...doc.components?.headers, ...HEADERS } as never };
  cached = doc;
  return doc;
}
let cached: Document | undefined;
