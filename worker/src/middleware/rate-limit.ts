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
 * The client as the limiter counts it: its IPv4 address, or the /64 network of an IPv6 address
 * (one subscriber line or host usually holds a whole /64, and could otherwise step through it).
 */
export function clientBucket(address: string | undefined): string {
  if (!address) return 'unknown';
  // IPv4, also written as IPv6 (`::ffff:192.0.2.1`).
  const v4 = /(\d{1,3}(\.\d{1,3}){3})$/.exec(address);
  if (v4) return v4[1]!;
  if (!address.includes(':')) return address;
  // Expand `::` to the zero groups it stands for, then keep the first four groups.
  const [head = '', tail] = address.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail === undefined ? [] : tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

/**
 * Limits every keyed request, after `requireKey`. A publishable key is on every visitor's page,
 * so it is counted per key and client address only (CLIENT_RATE_LIMIT): a key-wide count would
 * let a few busy addresses use up the allowance of every other visitor of every page that
 * carries the key. A secret key is one server's: it is counted per key (KEY_RATE_LIMIT).
 */
export const rateLimit = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  const { KEY_RATE_LIMIT, CLIENT_RATE_LIMIT } = c.env;
  const key = c.var.key;
  if (key.kind === 'publishable') {
    const client = clientBucket(c.req.header('CF-Connecting-IP'));
    if (CLIENT_RATE_LIMIT && !(await CLIENT_RATE_LIMIT.limit({ key: `${key.id}:${client}` })).success) refuse('from this address');
  } else if (KEY_RATE_LIMIT && !(await KEY_RATE_LIMIT.limit({ key: key.id })).success) {
    refuse('for this key');
  }
  await next();
};

/**
 * Submissions per mobile number, whichever key or address sends them, so that nobody floods one
 * member's record. Verified senders (the member) and unverified ones (staff, partners) count
 * apart, so that nobody else can use up the member's own allowance. The limiter sees a hash.
 */
export async function limitPerPhone(c: Context<AppEnv>, mobile: string, verified: boolean): Promise<void> {
  const limiter = c.env.PHONE_RATE_LIMIT;
  if (limiter && !(await limiter.limit({ key: await sha256Hex(`${c.var.key.tenantId}:${mobile}:${verified ? 'verified' : 'unverified'}`) })).success) {
    refuse('for this mobile number');
  }
}

/**
 * Check-in status lookups, per reference and per client address: a reference plus four digits
 * must not be found by trying. The limiter sees a hash, not the reference.
 */
export async function limitLookups(c: Context<AppEnv>, reference: string): Promise<void> {
  const limiter = c.env.LOOKUP_RATE_LIMIT;
  if (!limiter) return;
  const t = c.var.key.tenantId;
  const client = clientBucket(c.req.header('CF-Connecting-IP'));
  if (!(await limiter.limit({ key: await sha256Hex(`ref:${t}:${reference.trim().toUpperCase()}`) })).success) refuse('for this reference');
  if (!(await limiter.limit({ key: await sha256Hex(`ip:${t}:${client}`) })).success) refuse('from this address');
}

/**
 * A member's own-data calls, per mobile and per client address, as status lookups are: a proof is
 * needed anyway, but each call reads a whole record. The limiter sees a hash, not the number.
 */
export async function limitMyData(c: Context<AppEnv>, mobile: string): Promise<void> {
  const limiter = c.env.LOOKUP_RATE_LIMIT;
  if (!limiter) return;
  const t = c.var.key.tenantId;
  const client = clientBucket(c.req.header('CF-Connecting-IP'));
  if (!(await limiter.limit({ key: await sha256Hex(`my-data:${t}:${mobile}`) })).success) refuse('for this mobile number');
  if (!(await limiter.limit({ key: await sha256Hex(`ip:${t}:${client}`) })).success) refuse('from this address');
}

/**
 * Typed letter codes, per client address: 50 random bits are not found by trying, and this keeps
 * anyone from trying. The limiter sees a hash, not the address.
 */
export async function limitLetterCodes(c: Context<AppEnv>): Promise<void> {
  const limiter = c.env.LOOKUP_RATE_LIMIT;
  if (!limiter) return;
  const client = clientBucket(c.req.header('CF-Connecting-IP'));
  if (!(await limiter.limit({ key: await sha256Hex(`letter:${c.var.key.tenantId}:${client}`) })).success) refuse('from this address');
}
