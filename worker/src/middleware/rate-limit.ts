import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.ts';
import { HttpError } from '../errors.ts';

/** The window both limiters count in (wrangler.toml `period`), sent as `Retry-After`. */
export const RATE_LIMIT_PERIOD_SECONDS = 60;

function refuse(what: string): never {
  throw new HttpError(429, 'rate_limited', `Too many requests ${what}; try again in a minute.`,
    { retryAfterSeconds: RATE_LIMIT_PERIOD_SECONDS }, { 'Retry-After': String(RATE_LIMIT_PERIOD_SECONDS) });
}

/**
 * Limits every keyed request per key and, for publishable keys (browsers), per client address,
 * so one abusive page cannot use up a portal's allowance. Runs after `requireKey`.
 */
export const rateLimit = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  const { KEY_RATE_LIMIT, CLIENT_RATE_LIMIT } = c.env;
  const key = c.var.key;
  if (KEY_RATE_LIMIT && !(await KEY_RATE_LIMIT.limit({ key: key.id })).success) refuse('for this key');
  if (CLIENT_RATE_LIMIT && key.kind === 'publishable') {
    const client = c.req.header('CF-Connecting-IP') ?? 'unknown';
    if (!(await CLIENT_RATE_LIMIT.limit({ key: `${key.id}:${client}` })).success) refuse('from this address');
  }
  await next();
};
