// Authorization-matrix rows for service requests.
import { eq } from 'drizzle-orm';
import { SERVICE_REQUEST_CONSENT, serviceRequests, type ServiceRequestCreate, type ServiceRequestReceipt } from '../../../schema/index.ts';
import { freshMobile } from '../check-in-helpers.ts';
import { setupKey } from '../callers.ts';
import { call, db, withProof } from '../helpers.ts';
import { get, post, publicRead, refused, staffOnly, type Expectation, type Row } from './rows.ts';

const body = (over: Partial<ServiceRequestCreate> = {}): ServiceRequestCreate => ({
  name: '求助者', mobile: freshMobile(), homeUnitId: 'hu_gangshang_bei', currentCity: '苏州', memberCategory: 'worker',
  category: 'employment', cityId: 'pizhou_suzhou', description: '想找电工岗位',
  consent: { version: SERVICE_REQUEST_CONSENT.version, granted: true }, ...over,
});

/** Files a request with the home admin's key; its id, receipt and mobile. */
async function newRequest(over: Partial<ServiceRequestCreate> = {}) {
  const b = body(over);
  const res = await call('/v1/service-requests', {
    method: 'POST', headers: { Authorization: `Bearer ${await setupKey()}`, 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
    body: JSON.stringify(b),
  });
  const receipt = await res.json<ServiceRequestReceipt>();
  const [row] = await db().select({ id: serviceRequests.id }).from(serviceRequests).where(eq(serviceRequests.reference, receipt.reference));
  return { id: row!.id, receipt, mobile: b.mobile };
}

let subjectRequest: ReturnType<typeof newRequest> | undefined;
/** The matrix's subject (张伟 of 港上北村, hosted by 凌家塘 in Changzhou) asking the Suzhou station for work: both trees see it. */
const subjectRequestPath = () => async () => ({
  path: `/v1/service-requests/${(await (subjectRequest ??= newRequest({ name: '张伟', mobile: '13800000001' }))).id}`,
});

/** A fresh Suzhou request for each caller to act on (resolve needs it assigned first). */
const act = (action: string, payload: unknown, assignFirst = false) => post(async () => {
  const { id } = await newRequest();
  if (assignFirst) {
    await call(`/v1/service-requests/${id}/assign`, { method: 'POST', headers: { Authorization: `Bearer ${await setupKey()}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ assignee: '就业帮帮团' }) });
  }
  return `/v1/service-requests/${id}/${action}`;
}, payload);

/** The Suzhou request is handled by the home admin and the Suzhou committee; the Changzhou station manager does not see it. */
const handlers = (status: number) => staffOnly({ otherTenant: 404, homeAdmin: status, committeeSecretary: status, stationManager: 404 });
/** Partner keys without a service category (both matrix partners) read no requests at all. */
const readers = (over: Partial<Expectation>) => staffOnly({
  otherTenant: 200, homeAdmin: 200, townStaff: 200, villageStaff: 200, committeeSecretary: 200, branchSecretary: 200,
  stationManager: 200, readOnlyAdmin: 200, ...over,
});

export const serviceRequestRows: Record<string, Row> = {
  'POST /v1/service-requests': {
    request: async () => ({
      path: '/v1/service-requests',
      init: {
        method: 'POST', headers: { 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
        body: JSON.stringify(await withProof(body())),
      },
    }),
    // Another tenant has no such city; read-only keys may not write.
    expect: {
      ...refused, publishable: 201, otherTenant: 404, homeAdmin: 201, townStaff: 201, villageStaff: 201, committeeSecretary: 201,
      branchSecretary: 201, stationManager: 201, partner: 201, partnerWithoutConsent: 201, readOnlyAdmin: 403,
    },
  },
  'GET /v1/service-requests/status': {
    request: async () => {
      const { receipt, mobile } = await newRequest();
      return { path: `/v1/service-requests/status?reference=${receipt.reference}&mobileLast4=${mobile.slice(-4)}` };
    },
    expect: { ...publicRead, otherTenant: 404 },
  },
  'GET /v1/service-requests': {
    request: get('/v1/service-requests'),
    expect: readers({}),
    // The station manager handles the requests routed to its station, with the member's name and
    // mobile; the seed routes two demo members' requests to the Changzhou station.
    personalDataFor: ['stationManager'],
  },
  'GET /v1/service-requests/{id}': {
    request: subjectRequestPath(),
    // Home side through the member (town, village), host side through the member's branch, the
    // Suzhou committee it is routed to; the Changzhou station does not see it.
    expect: readers({ otherTenant: 404, stationManager: 404 }),
  },
  'POST /v1/service-requests/{id}/assign': { request: act('assign', { assignee: '就业帮帮团' }), expect: handlers(200) },
  'POST /v1/service-requests/{id}/notes': { request: act('notes', { text: '已电话联系' }), expect: handlers(201) },
  'POST /v1/service-requests/{id}/resolve': { request: act('resolve', { resolution: '已推荐到园区企业面试' }, true), expect: handlers(200) },
  'POST /v1/service-requests/{id}/close': { request: act('close', { reason: '已自行找到工作' }), expect: handlers(200) },
};
