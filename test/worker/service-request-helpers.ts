// Filing service requests in the worker tests.
import { and, eq } from 'drizzle-orm';
import {
  SERVICE_REQUEST_CONSENT, SERVICE_REQUEST_SHARE_CONSENT, serviceRequests, type ServiceRequestCreate, type ServiceRequestReceipt,
} from '../../schema/index.ts';
import { freshMobile } from './check-in-helpers.ts';
import { call, db, PK, withProof } from './helpers.ts';

export { freshMobile };

/** A newcomer in Changzhou asking about policy (override anything). */
export const request = (over: Partial<ServiceRequestCreate> = {}): ServiceRequestCreate => ({
  name: '新来者', mobile: freshMobile(), homeUnitId: 'hu_gangshang_bei', currentCity: '常州', memberCategory: 'business_owner',
  category: 'policy', cityId: 'pizhou_changzhou', description: '想了解个体工商户的税收政策',
  consent: { version: SERVICE_REQUEST_CONSENT.version, granted: true }, ...over,
});

export const sharedWith = (partnerId: string) => ({ partnerId, consent: { version: SERVICE_REQUEST_SHARE_CONSENT.version, granted: true as const } });

/** POST /v1/service-requests: a publishable key in the URL (with a proof of the mobile, see `withProof`) unless `key` is a secret key. */
export async function file(body: unknown, { key = PK, idempotencyKey = crypto.randomUUID() as string | null } = {}) {
  const secret = key.startsWith('sk_');
  if (!secret) body = await withProof(body);
  return call(`/v1/service-requests${secret ? '' : `?key=${key}`}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      ...(secret ? { Authorization: `Bearer ${key}` } : {}),
      ...(idempotencyKey === null ? {} : { 'Idempotency-Key': idempotencyKey }),
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** Files a request (201 expected) and returns its receipt and stored row. */
export async function filed(over: Partial<ServiceRequestCreate> = {}, key = PK) {
  const body = request(over);
  const res = await file(body, { key });
  if (res.status !== 201) throw new Error(`expected 201, got ${res.status} ${await res.text()}`);
  const receipt = await res.json<ServiceRequestReceipt>();
  const [row] = await db().select().from(serviceRequests)
    .where(and(eq(serviceRequests.tenantId, 'pizhou'), eq(serviceRequests.reference, receipt.reference)));
  return { receipt, row: row!, body };
}
