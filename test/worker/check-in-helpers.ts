// Building and sending check-ins in the worker tests.
import { CHECK_IN_CONSENT, type CheckInCreate } from '../../schema/index.ts';
import { call, PK, withProof } from './helpers.ts';

/** A mobile number no other test uses (the per-number rate limit outlives a test file). */
export const freshMobile = () => `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

export const submission = (over: Partial<CheckInCreate> = {}): CheckInCreate => ({
  branchId: 'br_cz_lingjiatang', name: '测试者', mobile: freshMobile(), homeUnitId: 'hu_gangshang_bei',
  currentCity: '常州', category: 'worker', needs: [], consent: { version: CHECK_IN_CONSENT.version, granted: true }, ...over,
});

export type SendOptions = { key?: string; idempotencyKey?: string | null; headers?: Record<string, string> };

/**
 * POST /v1/check-ins: a publishable key in the URL (as the form sends it) unless `key` is a
 * secret key. The form's submissions carry a proof of the mobile (see `withProof`); staff and
 * partner ones do not unless the body has one.
 */
export async function submit(body: unknown, { key = PK, idempotencyKey = crypto.randomUUID(), headers = {} }: SendOptions = {}) {
  const secret = key.startsWith('sk_');
  if (!secret) body = await withProof(body);
  return call(`/v1/check-ins${secret ? '' : `?key=${key}`}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      ...(secret ? { Authorization: `Bearer ${key}` } : {}),
      ...(idempotencyKey === null ? {} : { 'Idempotency-Key': idempotencyKey }),
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}
