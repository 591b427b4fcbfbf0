// Signing a demo staff member in as the console does (code from the local SMS outbox), for the
// tests of sessions as callers.
import { and, desc, eq, gt, sql } from 'drizzle-orm';
import { smsOutbox, staffVerifications } from '../../schema/index.ts';
import { SESSION_COOKIE } from '../../worker/src/access/staff-session.ts';
import { signInCodeIdentifier } from '../../worker/src/staff/sign-in-limits.ts';
import { call, db } from './helpers.ts';

/** The origin `call` reaches the worker on: the console's pages are served from it. */
export const consoleOrigin = 'http://ginkgo.test';

export type Session = { setCookie: string; headers: { Cookie: string; Origin: string } };

/**
 * Signs `mobile` in: asks for a code, reads it from the outbox, sends it back. Earlier codes of the
 * number are first made a day old, as if sent yesterday, so that the per-number limits (tested on
 * their own) leave repeated sign-ins alone.
 */
export async function signIn(mobile: string): Promise<Session> {
  await db().update(staffVerifications).set({ createdAt: sql`${staffVerifications.createdAt} - 86400001` as unknown as Date })
    .where(eq(staffVerifications.identifier, signInCodeIdentifier(mobile)));
  const since = Date.now() - 1;
  const json = { 'Content-Type': 'application/json', Origin: consoleOrigin };
  const sent = await call('/auth/phone-number/send-otp', { method: 'POST', headers: json, body: JSON.stringify({ phoneNumber: mobile }) });
  if (sent.status !== 200) throw new Error(`send-otp: ${sent.status} ${await sent.text()}`);
  const [message] = await db().select().from(smsOutbox)
    .where(and(eq(smsOutbox.mobile, mobile), gt(smsOutbox.createdAt, since))).orderBy(desc(smsOutbox.id)).limit(1);
  if (!message) throw new Error(`no code in the outbox for ${mobile}`);
  const verified = await call('/auth/phone-number/verify', {
    method: 'POST', headers: json, body: JSON.stringify({ phoneNumber: mobile, code: message.params.code }),
  });
  if (verified.status !== 200) throw new Error(`verify: ${verified.status} ${await verified.text()}`);
  const setCookie = verified.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  if (!setCookie) throw new Error(`no session cookie: ${JSON.stringify(verified.headers.getSetCookie())}`);
  return { setCookie, headers: { Cookie: setCookie.split(';')[0]!, Origin: consoleOrigin } };
}
