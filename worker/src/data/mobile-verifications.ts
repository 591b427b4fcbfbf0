// Sending an SMS code to a mobile and checking it (docs/mobile-verification.md). Limits come
// first and spend nothing; then the human-verification proof (spent once); then the code row and
// the SMS. Only hashes are stored: the number as an HMAC, the code as an HMAC bound to its row.
import { and, desc, eq, gt, sql, type SQL } from 'drizzle-orm';
import type { Context } from 'hono';
import { MOBILE_CODE, mobileVerifications, type MobileProof, type MobileVerificationSent } from '../../../schema/index.ts';
import { database } from '../db.ts';
import type { AppEnv } from '../env.ts';
import { HttpError, notFound } from '../errors.ts';
import { hmacHex, newId } from '../lib/crypto.ts';
import { clientBucket } from '../middleware/rate-limit.ts';
import { smsSenderFor } from '../sms/index.ts';
import { verifierFor } from '../verification/index.ts';
import { mobileHash, signMobileProofForHash } from '../verification/mobile-proof.ts';
import { derivedSecret, sameText } from '../verification/secrets.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export type LimitName = 'number_minute' | 'number_hour' | 'number_day' | 'address' | 'key';

function tooMany(limit: LimitName, retryAfterMs: number): never {
  const retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  const what = limit === 'address' ? 'from this address' : limit === 'key' ? 'through this site' : 'for this mobile number';
  throw new HttpError(429, 'rate_limited', `Too many codes ${what}; try again in ${retryAfterSeconds} s.`,
    { retryAfterSeconds, limit }, { 'Retry-After': String(retryAfterSeconds) });
}

/**
 * The wait before the next code, given the send times (newest first) within the last day, or 0.
 * `perHour` and `perDay` codes at most, and none within a minute of the last.
 */
export function waitBeforeNext(times: number[], now: number, perHour: number, perDay: number): number {
  const inHour = times.filter((t) => t > now - HOUR);
  if (inHour.length >= perHour) return inHour[perHour - 1]! + HOUR - now;
  const inDay = times.filter((t) => t > now - DAY);
  if (inDay.length >= perDay) return inDay[perDay - 1]! + DAY - now;
  return 0;
}

/** A uniformly random code of MOBILE_CODE.length digits. */
function randomCode(): string {
  const limit = 10 ** MOBILE_CODE.length;
  const buf = new Uint32Array(1);
  // Rejection sampling: no digit is likelier than another.
  for (;;) {
    crypto.getRandomValues(buf);
    if (buf[0]! < Math.floor(2 ** 32 / limit) * limit) return String(buf[0]! % limit).padStart(MOBILE_CODE.length, '0');
  }
}

const codeHash = async (c: Context<AppEnv>, id: string, code: string) => hmacHex(await derivedSecret(c.env, 'code-hash'), `${id}:${code}`);
/** The client's address as the limits count it (an IPv6 client by its /64), or null when the runtime gave none. */
const clientAddress = (c: Context<AppEnv>) => {
  const address = c.req.header('CF-Connecting-IP');
  return address ? clientBucket(address) : null;
};

type Sender = { t: string; number: string; client: string | null };

/** Refuses (429) if another code now would pass a limit of the number, the address, or the two together. */
async function checkLimits(c: Context<AppEnv>, { t, number, client }: Sender, now: number): Promise<void> {
  const db = database(c.env.DB);
  const sentTimes = (where: SQL, limit: number) =>
    db.select({ at: mobileVerifications.createdAt, client: mobileVerifications.clientHash }).from(mobileVerifications)
      .where(and(eq(mobileVerifications.tenantId, t), where, gt(mobileVerifications.createdAt, now - DAY)))
      .orderBy(desc(mobileVerifications.createdAt)).limit(limit);
  const [byNumber, byClient] = await db.batch([
    sentTimes(eq(mobileVerifications.mobileHash, number), MOBILE_CODE.perNumberPerDay),
    sentTimes(eq(mobileVerifications.clientHash, client ?? ''), client ? MOBILE_CODE.perAddressPerDay : 0),
  ]);
  const numberTimes = byNumber.map((r) => r.at);
  const last = numberTimes[0];
  if (last !== undefined && last > now - MOBILE_CODE.resendAfterSeconds * 1000) tooMany('number_minute', last + MOBILE_CODE.resendAfterSeconds * 1000 - now);
  const numberWait = waitBeforeNext(numberTimes, now, MOBILE_CODE.perNumberPerHour, MOBILE_CODE.perNumberPerDay);
  if (numberWait > 0) tooMany(numberTimes.filter((x) => x > now - HOUR).length >= MOBILE_CODE.perNumberPerHour ? 'number_hour' : 'number_day', numberWait);
  const clientWait = waitBeforeNext(byClient.map((r) => r.at), now, MOBILE_CODE.perAddressPerHour, MOBILE_CODE.perAddressPerDay);
  if (clientWait > 0) tooMany('address', clientWait);
  // One address cannot use up a number's day for its owner: it takes several.
  const pairTimes = byNumber.filter((r) => client !== null && r.client === client).map((r) => r.at);
  if (pairTimes.length >= MOBILE_CODE.perNumberAndAddressPerDay) tooMany('address', pairTimes[MOBILE_CODE.perNumberAndAddressPerDay - 1]! + DAY - now);
}

/** The same limits as `checkLimits`, as one condition for the insert, so that sends racing each other cannot pass them together. */
function withinLimits({ t, number, client }: Sender, now: number): SQL {
  const count = (where: SQL, since: number) =>
    sql`(select count(*) from ${mobileVerifications} where tenant_id = ${t} and ${where} and created_at > ${since})`;
  const byNumber = sql`mobile_hash = ${number}`;
  const byClient = sql`client_hash = ${client}`;
  return sql`${count(byNumber, now - MOBILE_CODE.resendAfterSeconds * 1000)} = 0
    and ${count(byNumber, now - HOUR)} < ${MOBILE_CODE.perNumberPerHour} and ${count(byNumber, now - DAY)} < ${MOBILE_CODE.perNumberPerDay}
    and ${count(byClient, now - HOUR)} < ${MOBILE_CODE.perAddressPerHour} and ${count(byClient, now - DAY)} < ${MOBILE_CODE.perAddressPerDay}
    and ${count(sql`${byNumber} and ${byClient}`, now - DAY)} < ${MOBILE_CODE.perNumberAndAddressPerDay}`;
}

/** Sends a code to `mobile` (normalised) for the calling key's tenant. */
export async function sendCode(c: Context<AppEnv>, mobile: string, humanProof: string | undefined): Promise<MobileVerificationSent> {
  const key = c.var.key;
  const t = key.tenantId;
  const db = database(c.env.DB);
  const now = Date.now();
  const address = clientAddress(c);
  const sender: Sender = {
    t, number: await mobileHash(c.env, t, mobile),
    client: address ? await hmacHex(await derivedSecret(c.env, 'client-hash'), `${t}:${address}`) : null,
  };
  // Limits first: a refusal spends nothing, not even the proof of work.
  await checkLimits(c, sender, now);

  const outcome = await verifierFor(c.env).verify({ proof: humanProof, remoteIp: c.req.header('CF-Connecting-IP') });
  if (!outcome.ok) {
    if (outcome.reason === 'unavailable') {
      throw new HttpError(503, 'internal', 'Human verification is unavailable just now; try again shortly.', undefined, { 'Retry-After': '5' });
    }
    throw new HttpError(403, 'verification_failed', {
      missing: 'Human verification is required before a code is sent.',
      failed: 'Human verification failed; try again.',
      spent: 'This human-verification proof was already used; solve a new challenge.',
    }[outcome.reason], outcome.codes?.length ? { codes: outcome.codes } : undefined);
  }
  // The key-wide cost cap counts only codes about to be sent: unsolved requests cannot use it up.
  if (c.env.SMS_KEY_RATE_LIMIT && !(await c.env.SMS_KEY_RATE_LIMIT.limit({ key: key.id })).success) tooMany('key', MINUTE);

  const id = newId('mv');
  const code = randomCode();
  const expiresAt = now + MOBILE_CODE.ttlSeconds * 1000;
  const inserted = await db.run(sql`insert into ${mobileVerifications}
      (id, tenant_id, mobile_hash, code_hash, key_id, client_hash, created_at, expires_at)
    select ${id}, ${t}, ${sender.number}, ${await codeHash(c, id, code)}, ${key.id}, ${sender.client}, ${now}, ${expiresAt}
    where ${withinLimits(sender, now)}`);
  if (inserted.meta.changes === 0) {
    // Another send got there first: say which limit it filled.
    await checkLimits(c, sender, Date.now());
    tooMany('number_minute', MOBILE_CODE.resendAfterSeconds * 1000);
  }

  const sent = await smsSenderFor(c.env).send({ tenantId: t, mobile, template: 'verification_code', params: { code } });
  if (!sent.ok) {
    // Not sent: it must not count against the member's limits.
    await db.delete(mobileVerifications).where(and(eq(mobileVerifications.tenantId, t), eq(mobileVerifications.id, id)));
    if (sent.reason === 'throttled') tooMany('number_hour', HOUR);
    throw new HttpError(503, 'sms_unavailable', sent.reason === 'rejected'
      ? 'The SMS could not be sent to this number. Check the number, or try again later.'
      : 'SMS is unavailable just now; try again in a minute.', undefined, { 'Retry-After': '60' });
  }
  return { id, expiresAt, resendAt: now + MOBILE_CODE.resendAfterSeconds * 1000, codeLength: MOBILE_CODE.length };
}

const exhausted = () => new HttpError(400, 'code_exhausted', `Too many wrong codes (${MOBILE_CODE.maxAttempts}); ask for a new one.`);

/** Checks a code; the right one within its lifetime and attempts yields a proof (again, on a retry). */
export async function checkCode(c: Context<AppEnv>, id: string, code: string): Promise<MobileProof> {
  const t = c.var.key.tenantId;
  const db = database(c.env.DB);
  const now = Date.now();
  const here = and(eq(mobileVerifications.tenantId, t), eq(mobileVerifications.id, id));
  // Every check counts an attempt, atomically, so parallel guesses cannot exceed the limit.
  const [row] = await db.update(mobileVerifications).set({ attempts: sql`${mobileVerifications.attempts} + 1` })
    .where(and(here, sql`${mobileVerifications.attempts} < ${MOBILE_CODE.maxAttempts}`, gt(mobileVerifications.expiresAt, now)))
    .returning({ attempts: mobileVerifications.attempts, codeHash: mobileVerifications.codeHash, mobileHash: mobileVerifications.mobileHash });
  if (!row) {
    const [found] = await db.select({ expiresAt: mobileVerifications.expiresAt }).from(mobileVerifications).where(here).limit(1);
    if (!found) throw notFound('The code request');
    if (found.expiresAt <= now) throw new HttpError(400, 'code_expired', 'This code has expired; ask for a new one.');
    throw exhausted();
  }
  if (!sameText(row.codeHash, await codeHash(c, id, code))) {
    const attemptsLeft = MOBILE_CODE.maxAttempts - row.attempts;
    if (attemptsLeft === 0) throw exhausted();
    throw new HttpError(400, 'code_incorrect', 'The code is not right; check the SMS and try again.', { attemptsLeft });
  }
  await db.update(mobileVerifications).set({ verifiedAt: sql`coalesce(${mobileVerifications.verifiedAt}, ${now})` }).where(here);
  return signMobileProofForHash(c.env, t, row.mobileHash, now);
}
