// A member's letter from home (docs/campaigns.md, "Personal letters"): opened by its QR code's
// token or its typed personal code, through the tenant's publishable key (the /l page), and the
// member's SMS opt-out. POST: tokens and codes stay out of URLs the API logs.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { Letter, LetterOpen, LetterOptOut } from '../../../schema/index.ts';
import { requirePermission } from '../access/api-key.ts';
import { openLetter, optOut } from '../campaigns/letters.ts';
import type { AppEnv } from '../env.ts';
import { anyKeySecurity as security, error, json, jsonBody, keyedErrors, noStore } from './common.ts';

const tags = ['Letters'];
const middleware = [requirePermission('letters:open'), noStore];
const refusals = {
  ...keyedErrors,
  400: error('Invalid fields (`details`), or `letter_link_invalid`: a token that is not one we signed (mistyped or altered).'),
  404: error('`letter_not_found`: no letter has this code.'),
  410: error('`letter_link_expired`: the token has expired, or the campaign has ended.'),
  429: error('Too many codes tried from this address; `Retry-After` says when to try again.'),
};

const open = createRoute({
  method: 'post', path: '/letters/open', operationId: 'openLetter', tags, security, middleware,
  summary: 'Open my letter from home',
  description: 'Publishable keys only. The letter, and enough of its member to prefill the check-in form: home unit, host branch, '
    + 'the name and mobile masked (the member types them, and proves the mobile by SMS code to check in). The first call marks the '
    + 'letter opened (`qr` by token, `code` by code), counted once in the funnel. Typed codes are limited per client address.',
  request: jsonBody(LetterOpen),
  responses: { 200: json(Letter, 'The letter.'), ...refusals },
});
const optOutRoute = createRoute({
  method: 'post', path: '/letters/opt-out', operationId: 'optOutOfLetters', tags, security, middleware,
  summary: 'No more campaign SMS to my number',
  description: 'Needs `mobileProof` for the mobile the letter was sent for (the roster\'s). Letters and reminders by SMS stop for '
    + 'every campaign; notifications the member opted in to are apart. Audited (`member.sms_opt_out`).',
  request: jsonBody(LetterOptOut),
  responses: {
    200: json(z.object({ optedOutAt: z.number().int() }).openapi('LetterOptedOut'), 'Opted out (the first time is kept).'),
    ...refusals, 403: error('`forbidden`: not a publishable key; `mobile_unverified`: no live proof for the letter\'s mobile.'),
  },
});

export const letterRoutes = new OpenAPIHono<AppEnv>()
  .openapi(open, async (c) => c.json(await openLetter(c, c.req.valid('json')), 200))
  .openapi(optOutRoute, async (c) => {
    const body = c.req.valid('json');
    return c.json(await optOut(c, body, body.mobileProof), 200);
  });
