// Mobile verification (短信验证码): a human-verification challenge, sending a code, checking it
// for a signed proof that a check-in (or a status lookup) carries. docs/mobile-verification.md.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import {
  HumanChallenge, MobileProof, MobileVerificationCheck, MobileVerificationCreate, MobileVerificationSent,
} from '../../../schema/index.ts';
import { requirePermission } from '../access/api-key.ts';
import { checkCode, sendCode } from '../data/mobile-verifications.ts';
import type { AppEnv } from '../env.ts';
import { HttpError } from '../errors.ts';
import { verifierFor } from '../verification/index.ts';
import { anyKeySecurity as security, error, json, jsonBody, keyedErrors, notFoundError } from './common.ts';

const tags = ['Mobile verification'];

const challenge = createRoute({
  method: 'get', path: '/mobile-verifications/challenge', operationId: 'getMobileVerificationChallenge', tags, security, middleware: [requirePermission('check_ins:create')] as const,
  summary: 'A proof-of-work challenge (ALTCHA) to solve before asking for a code',
  description: 'Only when the form\'s `verification.provider` is `altcha`; 404 otherwise. Never cached: each is accepted once.',
  responses: { 200: json(HumanChallenge, 'A signed challenge, valid for 10 minutes.'), ...keyedErrors, ...notFoundError },
});

const send = createRoute({
  method: 'post', path: '/mobile-verifications', operationId: 'createMobileVerification', tags, security, middleware: [requirePermission('check_ins:create')] as const,
  summary: 'Send a 6-digit code to a mobile number by SMS',
  description: 'At most one code a minute, 5 an hour and 10 a day per number, and 10 an hour and 20 a day per client '
    + 'address; each key has a per-minute cap. The answer is the same whether or not the number is a member\'s.',
  request: jsonBody(MobileVerificationCreate),
  responses: {
    201: json(MobileVerificationSent, 'Sent; check it within `expiresAt`.'), ...keyedErrors,
    403: error('`verification_failed`: the human-verification proof is missing, wrong, expired or already used; `forbidden`: the key may not.'),
    429: error('`rate_limited`: `details.limit` says which limit (`number_minute`, `number_hour`, `number_day`, `address`, `key`), `details.retryAfterSeconds` when to retry.'),
    503: error('`sms_unavailable`: the SMS could not be sent; nothing counted against the limits.'),
  },
});

const check = createRoute({
  method: 'post', path: '/mobile-verifications/{id}/check', operationId: 'checkMobileVerification', tags, security, middleware: [requirePermission('check_ins:create')] as const,
  summary: 'Check a code: the right one yields a signed proof of the number (24 hours)',
  description: 'Five attempts per code; checking the right code again within its lifetime returns a proof again.',
  request: {
    params: z.object({ id: z.string().max(64).openapi({ param: { name: 'id', in: 'path' } }) }),
    ...jsonBody(MobileVerificationCheck),
  },
  responses: {
    200: json(MobileProof, 'The proof.'), ...keyedErrors,
    400: error('`code_incorrect` (`details.attemptsLeft`), `code_expired`, `code_exhausted`, or an invalid body.'),
    ...notFoundError,
  },
});

export const mobileVerificationRoutes = new OpenAPIHono<AppEnv>()
  .openapi(challenge, async (c) => {
    const verifier = verifierFor(c.env);
    if (!verifier.challenge) throw new HttpError(404, 'not_found', `Human verification here is ${verifier.provider}: no challenge to solve.`);
    return c.json(await verifier.challenge(), 200);
  })
  .openapi(send, async (c) => {
    const { mobile, humanProof } = c.req.valid('json');
    return c.json(await sendCode(c, mobile, humanProof), 201);
  })
  .openapi(check, async (c) => c.json(await checkCode(c, c.req.valid('param').id, c.req.valid('json').code), 200));
