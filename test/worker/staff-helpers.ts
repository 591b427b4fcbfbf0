// Signing a demo staff member in as the console does (code from the local SMS outbox, or a
// password), and setting a password, for the tests of sessions as callers.
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
  await forgetCodesSent(mobile);
  const since = Date.now() - 1;
  const sent = await postAuth('/auth/phone-number/send-otp', { phoneNumber: mobile });
  if (sent.status !== 200) throw new Error(`send-otp: ${sent.status} ${await sent.text()}`);
  const verified = await postAuth('/auth/phone-number/verify', { phoneNumber: mobile, code: await codeSent(mobile, since) });
  if (verified.status !== 200) throw new Error(`verify: ${verified.status} ${await verified.text()}`);
  return sessionOf(verified);
}

/** A POST to the sign-in endpoints as the console's pages make it (JSON, own origin). */
export const postAuth = (path: string, body: unknown, headers: Record<string, string> = {}) => call(path, {
  method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json', Origin: consoleOrigin, ...headers },
});

/** Makes the codes sent to `mobile` a day old, as if sent yesterday: out of the per-number limits. */
export async function forgetCodesSent(mobile: string): Promise<void> {
  await db().update(staffVerifications).set({ createdAt: sql`${staffVerifications.createdAt} - 86400001` as unknown as Date })
    .where(eq(staffVerifications.identifier, signInCodeIdentifier(mobile)));
}

/** The code of the last SMS to `mobile` since `since` (ms), from the local outbox. */
export async function codeSent(mobile: string, since: number): Promise<string> {
  const [message] = await db().select().from(smsOutbox)
    .where(and(eq(smsOutbox.mobile, mobile), gt(smsOutbox.createdAt, since))).orderBy(desc(smsOutbox.id)).limit(1);
  if (!message) throw new Error(`no code in the outbox for ${mobile}`);
  return message.params.code!;
}

/** The session a sign-in's answer opened. */
export function sessionOf(res: Response): Session {
  const setCookie = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  if (!setCookie) throw new Error(`no session cookie: ${res.status} ${JSON.stringify(res.headers.getSetCookie())}`);
  return { setCookie, headers: { Cookie: setCookie.split(';')[0]!, Origin: consoleOrigin } };
}

/** Sets a password as the console's account area does: a code to the session's own mobile, then code and password. */
export async function setPassword(session: Session, mobile: string, newPassword: string): Promise<Response> {
  await forgetCodesSent(mobile);
  const since = Date.now() - 1;
  const asked = await postAuth('/auth/phone-number/request-password-reset', { phoneNumber: mobile }, session.headers);
  if (asked.status !== 200) throw new Error(`request-password-reset: ${asked.status} ${await asked.text()}`);
  return postAuth('/auth/phone-number/reset-password', { phoneNumber: mobile, otp: await codeSent(mobile, since), newPassword }, session.headers);
}

/** Signs in with a password; the answer as it comes. */
export const signInWithPassword = (mobile: string, password: string, headers: Record<string, string> = {}) =>
  postAuth('/auth/sign-in/phone-number', { phoneNumber: mobile, password }, headers);
