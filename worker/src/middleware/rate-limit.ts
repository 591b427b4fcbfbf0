import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.ts';
import { HttpError } from '../errors.ts';
import { sha256Hex } from '../lib/crypto.ts';

/** The window every limiter counts in (wrangler.toml `period`), sent as `Retry-After`. */
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

/**
 * Check-ins per mobile number, whichever key or address sends them, so that nobody floods one
 * member's record. The limiter sees a hash, not the number.
 */
export async function limitPerPhone(c: Context<AppEnv>, mobile: string): Promise<void> {
  const limiter = c.env.PHONE_RATE_LIMIT;
  if (limiter && !(await limiter.limit({ key: await sha256Hex(`${c.var.key.tenantId}:${mobile}`) })).success) {
    refuse('for this mobile number');
  }
}
