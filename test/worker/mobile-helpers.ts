// Solving the human-verification challenge and reading the outbox, as the form and a member would.
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/web/pbkdf2';
import { desc, eq } from 'drizzle-orm';
import { smsOutbox, type HumanChallenge, type MobileVerificationSent } from '../../schema/index.ts';
import { call, db, PK } from './helpers.ts';

export const postJson = (body: unknown, headers: Record<string, string> = {}): RequestInit =>
  ({ method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });

/** A solved ALTCHA challenge, as the form's solver sends it (`humanProof`). */
export async function humanProof(): Promise<string> {
  const res = await call(`/v1/mobile-verifications/challenge?key=${PK}`);
  if (res.status !== 200) throw new Error(`challenge: ${res.status} ${await res.text()}`);
  const challenge = await res.json<HumanChallenge>();
  const solution = await solveChallenge({ challenge: challenge as never, deriveKey });
  if (!solution) throw new Error('challenge not solved');
  return btoa(JSON.stringify({ challenge, solution }));
}

/** Asks for a code to `mobile` with the demo publishable key; the id of the code. */
export async function sendCode(mobile: string): Promise<string> {
  const res = await call(`/v1/mobile-verifications?key=${PK}`, postJson({ mobile, humanProof: await humanProof() }));
  if (res.status !== 201) throw new Error(`send: ${res.status} ${await res.text()}`);
  return (await res.json<MobileVerificationSent>()).id;
}

/** The code the outbox "sent" to `mobile` last. */
export async function codeSentTo(mobile: string): Promise<string> {
  const [row] = await db().select().from(smsOutbox).where(eq(smsOutbox.mobile, mobile)).orderBy(desc(smsOutbox.id)).limit(1);
  if (!row) throw new Error(`no SMS to ${mobile}`);
  return row.params.code!;
}
