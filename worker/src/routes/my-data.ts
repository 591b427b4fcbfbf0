// A member's own data (docs/privacy.md): see and download it, withdraw consents, ask for a
// correction or erasure. Publishable keys (the /my-data page), with a proof of the mobile.
// POST even to read: the number and its proof stay out of URLs, and so out of logs and histories.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { DataRequest, MyData, MyDataAuth, MyDataRequestCreate, MyDataWithdraw } from '../../../schema/index.ts';
import { requirePermission } from '../access/api-key.ts';
import { askForChange, exportMyData, withdrawConsent } from '../data/my-data.ts';
import type { AppEnv } from '../env.ts';
import { limitMyData } from '../middleware/rate-limit.ts';
import { anyKeySecurity as security, error, json, jsonBody, keyedErrors, noStore, notFoundError } from './common.ts';

const tags = ['My data'];
const middleware = [requirePermission('my_data'), noStore];
const refusals = {
  ...keyedErrors,
  403: error('`forbidden`: not a publishable key; `mobile_unverified`: no live proof for this very mobile.'),
  429: error('Too many calls for this mobile or from this address; `Retry-After` says when to try again.'),
};

const read = createRoute({
  method: 'post', path: '/my-data', operationId: 'exportMyData', tags, security, middleware,
  summary: 'Everything held about my mobile (a copy)',
  description: 'The roster record, check-ins, service requests, consents, messages and data requests of the mobile proved by `mobileProof`. '
    + 'Recorded as a data request of kind `export`, done at once.',
  request: jsonBody(MyDataAuth),
  responses: { 200: json(MyData, 'The copy.'), ...refusals },
});
const withdraw = createRoute({
  method: 'post', path: '/my-data/consents/withdraw', operationId: 'withdrawMyConsent', tags, security, middleware,
  summary: 'Withdraw a consent, at once',
  description: '`check_in`: every check-in of the mobile is marked withdrawn and pending ones end (rejected, saying so); the roster record '
    + 'stays. `partner`: the partner no longer sees the member or their shared requests. Withdrawn consent stays on record with its time.',
  request: jsonBody(MyDataWithdraw),
  responses: {
    200: json(z.object({ withdrawn: z.number().int() }), 'Withdrawn: how many consents.'), ...refusals,
    ...notFoundError,
  },
});
const ask = createRoute({
  method: 'post', path: '/my-data/requests', operationId: 'createMyDataRequest', tags, security, middleware,
  summary: 'Ask for a correction or erasure',
  description: 'Staff answer within fifteen days (`dueAt`). The status shows in `POST /v1/my-data` (`dataRequests`).',
  request: jsonBody(MyDataRequestCreate),
  responses: {
    201: json(DataRequest, 'Asked.'), ...refusals,
    409: error('An erasure is already open for this mobile, or ten requests are.'),
  },
});

export const myDataRoutes = new OpenAPIHono<AppEnv>()
  .openapi(read, async (c) => {
    const body = c.req.valid('json');
    await limitMyData(c, body.mobile);
    return c.json(await exportMyData(c, body), 200);
  })
  .openapi(withdraw, async (c) => {
    const body = c.req.valid('json');
    await limitMyData(c, body.mobile);
    return c.json(await withdrawConsent(c, body), 200);
  })
  .openapi(ask, async (c) => {
    const body = c.req.valid('json');
    await limitMyData(c, body.mobile);
    return c.json(await askForChange(c, body), 201);
  });
