// What the fuzzed requests act on: valid bodies and query values the schema alone cannot give
// (ids that exist, a consent's current version, a proof of the mobile), and fresh rows for the
// operations that use up what they act on (a check-in decided, a service request closed, a
// service deleted, an SMS code checked), so that every variant meets the handler with a row in
// the state it expects rather than a 409.
import { eq } from 'drizzle-orm';
import { checkIns, SERVICE_REQUEST_CONSENT, serviceRequests, stationServices } from '../../../schema/index.ts';
import { memberRows } from '../../../worker/src/seed/pizhou.ts';
import { submission } from '../check-in-helpers.ts';
import { db, SK, withProof } from '../helpers.ts';
import { codeSentTo, humanProof, sendCode } from '../mobile-helpers.ts';
import type { Hints } from './openapi.ts';
import { streamFor } from './random.ts';
import { send } from './send.ts';

const random = streamFor('fixtures');
/** A mobile number from the seeded stream (the seed's members use 138…). */
export const seededMobile = () => `139${String(Math.floor(random() * 1e8)).padStart(8, '0')}`;

/** Values by body field or required parameter name, from the Pizhou seed, for every operation. */
export const hints: Hints = {
  branchId: () => 'br_cz_lingjiatang', homeUnitId: () => 'hu_gangshang_bei', cityId: () => 'pizhou_changzhou',
  stationId: () => 'st_changzhou', partnerId: () => 'pt_cz_chamber', volunteerTeamId: () => 'vt_cz_market',
  committeeId: () => 'cm_changzhou', mobile: seededMobile,
};
/** Optional query parameters a valid request gives all the same (the others it leaves out). */
export const queryDefaults: Hints = {
  checkInUrl: () => 'http://localhost:5173/check-in', lat: () => 31.78, lng: () => 119.95,
};

/** Parts of a valid request that replace the ones built from the schema. */
export type Fixture = { pathParams?: Record<string, string>; query?: Record<string, string>; body?: unknown };
/**
 * Per operation: `make` gives the fixture; `fresh` says a success uses it up (a decided check-in,
 * a mobile number with a pending check-in), so it is made again after each success, for keys
 * the operation accepts (a refused key reuses the last one: the refusal comes first).
 */
export type FixtureMaker = { make: () => Promise<Fixture>; fresh?: boolean };

const admin = { Authorization: `Bearer ${SK}`, 'Content-Type': 'application/json' };
const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
  const res = await send({
    method: 'POST', url: `http://ginkgo.test${path}`, headers: { ...admin, ...headers },
    body: { data: JSON.stringify(body), contentType: 'application/json' },
  });
  if (res.status >= 300) throw new Error(`fixture ${path}: ${res.status} ${res.text}`);
  return JSON.parse(res.text) as { reference: string };
};
const idempotent = () => ({ 'Idempotency-Key': `fixture-${Math.floor(random() * 1e12)}` });

const checkInBody = () => withProof(submission({ mobile: seededMobile() }));
const serviceRequestBody = () => withProof({
  name: '求助者', mobile: seededMobile(), homeUnitId: 'hu_gangshang_bei', currentCity: '常州', memberCategory: 'worker',
  category: 'policy', cityId: 'pizhou_changzhou', description: '想了解减税政策', consent: { version: SERVICE_REQUEST_CONSENT.version, granted: true },
});

/** A new pending check-in to the 凌家塘 branch (its secretary's), by the home admin. */
async function pendingCheckIn(): Promise<string> {
  const { reference } = await post('/v1/check-ins', await checkInBody(), idempotent());
  return (await db().select({ id: checkIns.id }).from(checkIns).where(eq(checkIns.reference, reference)))[0]!.id;
}

/** A new open service request in Changzhou (its station manager's), assigned if asked. */
async function openServiceRequest(assigned = false): Promise<string> {
  const { reference } = await post('/v1/service-requests', await serviceRequestBody(), idempotent());
  const id = (await db().select({ id: serviceRequests.id }).from(serviceRequests).where(eq(serviceRequests.reference, reference)))[0]!.id;
  if (assigned) await post(`/v1/service-requests/${id}/assign`, { assignee: '凌家塘红色先锋队' });
  return id;
}

/** The throw-away service of st_changzhou that DELETE …/services/{serviceId} removes, put back. */
export const DELETABLE_SERVICE = 'sv_fuzz_delete';
async function deletableService(): Promise<Fixture> {
  await db().insert(stationServices).values({
    id: DELETABLE_SERVICE, tenantId: 'pizhou', stationId: 'st_changzhou', category: 'legal', descriptionZh: '临时', descriptionEn: 'Temporary',
    eligibilityZh: '所有人', eligibilityEn: 'Anyone', howToApplyZh: '来电', howToApplyEn: 'Call',
  }).onConflictDoNothing();
  return { pathParams: { serviceId: DELETABLE_SERVICE } };
}

/** A new running roster import of the home admin's, and a valid row for it. */
const runningImport = async () => (await post('/v1/roster/imports', { tag: '模糊测试', mode: 'update', total: 10 }, idempotent()) as unknown as { id: string }).id;
const importRow = () => ({ name: '模糊', mobile: seededMobile(), town: '港上镇', village: '港上北村党支部', currentCity: '常州', category: '务工', employer: null });

/** A check-in and a service request whose status the public lookups are asked for. */
export type Lookups = { checkIn: { id: string; reference: string; mobile: string } };
export async function lookups(): Promise<Lookups> {
  const body = await checkInBody() as { mobile: string };
  const { reference } = await post('/v1/check-ins', body, idempotent());
  const id = (await db().select({ id: checkIns.id }).from(checkIns).where(eq(checkIns.reference, reference)))[0]!.id;
  return { checkIn: { id, reference, mobile: body.mobile } };
}

export function fixtures(l: Lookups): Record<string, FixtureMaker> {
  const demoRequestMobile = memberRows.find((m) => m.id === 'mb_demo_09')!.mobile;
  return {
    'POST /v1/check-ins': { make: async () => ({ body: await checkInBody() }), fresh: true },
    'POST /v1/service-requests': { make: async () => ({ body: await serviceRequestBody() }), fresh: true },
    'POST /v1/keys': { make: async () => ({ body: { kind: 'secret', label: 'fuzz', role: 'branch_secretary', scopeNodeId: 'br_cz_lingjiatang' } }) },
    'GET /v1/check-ins/{id}': { make: async () => ({ pathParams: { id: l.checkIn.id } }) },
    // A new team each time (the schema's example names a team id that a successful variant may have replaced).
    'PUT /v1/stations/{id}/volunteer-teams': { make: async () => ({ body: { teams: [{ name: { zh: '模糊测试队', en: 'Fuzz team' } }] } }) },
    'GET /v1/check-ins/status': { make: async () => ({ query: { reference: l.checkIn.reference, mobileLast4: l.checkIn.mobile.slice(-4) } }) },
    // The seed's open request of 郑浩 (mb_demo_09).
    'GET /v1/service-requests/status': { make: async () => ({ query: { reference: 'SR-DEM00001', mobileLast4: demoRequestMobile.slice(-4) } }) },
    'POST /v1/check-ins/{id}/confirm': { make: async () => ({ pathParams: { id: await pendingCheckIn() } }), fresh: true },
    'POST /v1/check-ins/{id}/reject': { make: async () => ({ pathParams: { id: await pendingCheckIn() } }), fresh: true },
    'POST /v1/service-requests/{id}/assign': { make: async () => ({ pathParams: { id: await openServiceRequest() } }), fresh: true },
    'POST /v1/service-requests/{id}/notes': { make: async () => ({ pathParams: { id: await openServiceRequest() } }), fresh: true },
    'POST /v1/service-requests/{id}/close': { make: async () => ({ pathParams: { id: await openServiceRequest() } }), fresh: true },
    'POST /v1/service-requests/{id}/resolve': { make: async () => ({ pathParams: { id: await openServiceRequest(true) } }), fresh: true },
    'DELETE /v1/stations/{id}/services/{serviceId}': { make: deletableService, fresh: true },
    // A running import: its batches and its stop meet the handler, not a 404 (a batch applied uses up its offset).
    'POST /v1/roster/imports/{id}/batches': { make: async () => ({ pathParams: { id: await runningImport() }, body: { offset: 0, rows: [importRow()] } }), fresh: true },
    'POST /v1/roster/imports/{id}/stop': { make: async () => ({ pathParams: { id: await runningImport() } }), fresh: true },
    // A solved challenge is spent by the first request that passes: later ones meet the handler's 403.
    'POST /v1/mobile-verifications': { make: async () => ({ body: { mobile: seededMobile(), humanProof: await humanProof() } }) },
    // A code sent, and the right code. Every check counts one of its 5 attempts, a right one too.
    'POST /v1/mobile-verifications/{id}/check': {
      make: async () => {
        const mobile = seededMobile();
        const id = await sendCode(mobile);
        return { pathParams: { id }, body: { code: await codeSentTo(mobile) } };
      },
      fresh: true,
    },
  };
}
