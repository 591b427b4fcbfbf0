// The member learns the references of the service requests their ticked needs made,
// on the check-in's receipt (new, replayed, or the one already pending) and in its status lookup,
// which follows each request's status as staff handle it.
import { env } from 'cloudflare:test';
import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  checkIns, members, SERVICE_REQUEST_REFERENCE_PATTERN, serviceRequests, type CheckInReceipt, type ServiceRequestReceipt,
} from '../../schema/index.ts';
import { checkInRequestsQuery } from '../../worker/src/data/service-requests.ts';
import { submission, submit } from './check-in-helpers.ts';
import { call, db, expectError, PK, seed, SK, withKey } from './helpers.ts';
import { checkScopeCopiesAfterEach } from './scope-consistency.ts';

// Every write here leaves every scope copy equal to what it copies (worker/src/data/scope-copies.ts).
checkScopeCopiesAfterEach();

beforeAll(seed);

const CHANGZHOU_STATION = { kind: 'station', id: 'st_changzhou', name: { zh: '邳州流动党员常州服务驿站', en: 'Pizhou Service Station, Changzhou' } };

/** The requests stored for the check-in with this reference, in the order they were inserted. */
const rowsOf = async (reference: string) => db().select({ reference: serviceRequests.reference, category: serviceRequests.category, id: serviceRequests.id })
  .from(serviceRequests).innerJoin(checkIns, eq(checkIns.id, serviceRequests.checkInId))
  .where(and(eq(checkIns.tenantId, 'pizhou'), eq(checkIns.reference, reference))).orderBy(sql`${serviceRequests}.rowid`);

const lookUp = (reference: string, mobile: string) =>
  call(`/v1/check-ins/status?key=${PK}&reference=${reference}&mobileLast4=${mobile.slice(-4)}`);

const handle = (id: string, action: 'assign' | 'resolve' | 'close', body: Record<string, string>) =>
  call(`/v1/service-requests/${id}/${action}`, { method: 'POST', body: JSON.stringify(body), ...withKey(SK, { 'Content-Type': 'application/json' }) });

describe('the check-in receipt lists the requests its needs made', () => {
  it('each with its reference (as stored), category, status and where it went, in the order ticked', async () => {
    const s = submission({ needs: ['policy', 'legal', 'training'] });
    const res = await submit(s);
    const text = await res.text();
    expect(res.status, text).toBe(201);
    const receipt: CheckInReceipt = JSON.parse(text);
    const rows = await rowsOf(receipt.reference);
    expect(rows.map((r) => r.category)).toEqual(['policy', 'legal', 'training']);
    expect(receipt.serviceRequests).toEqual(rows.map((r) => ({ reference: r.reference, category: r.category, status: 'open', routedTo: CHANGZHOU_STATION, resolution: null })));
    for (const r of receipt.serviceRequests) expect(r.reference).toMatch(SERVICE_REQUEST_REFERENCE_PATTERN);
    // Still nothing personal in a public answer.
    for (const personal of [s.name, s.mobile, s.homeUnitId]) expect(text).not.toContain(personal);
    // Each is a request the member can also look up by itself.
    const own = await call(`/v1/service-requests/status?key=${PK}&reference=${rows[1]!.reference}&mobileLast4=${s.mobile.slice(-4)}`);
    expect(await own.json<ServiceRequestReceipt>()).toMatchObject(receipt.serviceRequests[1]!);
  });

  it('routed to the home org where the branch\'s city has no station or committee', async () => {
    const receipt = await (await submit(submission({ branchId: 'br_yz_guangling', needs: ['hardship'] }))).json<CheckInReceipt>();
    expect(receipt.serviceRequests).toEqual([{
      reference: (await rowsOf(receipt.reference))[0]!.reference, category: 'hardship', status: 'open', resolution: null,
      routedTo: { kind: 'home', id: 'pizhou', name: expect.objectContaining({ zh: expect.stringContaining('邳州') }) },
    }]);
  });

  it('is empty without needs', async () => {
    const s = submission({ needs: [] });
    const receipt = await (await submit(s)).json<CheckInReceipt>();
    expect(receipt.serviceRequests).toEqual([]);
    expect(await (await lookUp(receipt.reference, s.mobile)).json<CheckInReceipt>()).toEqual(receipt);
  });

  it('replays the same list for the same Idempotency-Key, and files each need once', async () => {
    const s = submission({ needs: ['employment', 'social_insurance'] });
    const idempotencyKey = crypto.randomUUID();
    const first = await submit(s, { idempotencyKey });
    const firstBody = await first.text();
    const again = await submit(s, { idempotencyKey });
    expect(again.headers.get('Idempotent-Replayed')).toBe('true');
    expect(await again.text()).toBe(firstBody);
    const receipt: CheckInReceipt = JSON.parse(firstBody);
    expect(receipt.serviceRequests.map((r) => r.reference)).toEqual((await rowsOf(receipt.reference)).map((r) => r.reference));
    expect(receipt.serviceRequests).toHaveLength(2);
  });

  it('a new submission while the check-in is pending lists that check-in\'s requests, and files none', async () => {
    const s = submission({ needs: ['credit', 'livelihood'] });
    const first = await (await submit(s)).json<CheckInReceipt>();
    const before = await db().select({ id: serviceRequests.id }).from(serviceRequests)
      .innerJoin(members, eq(members.id, serviceRequests.memberId)).where(eq(members.mobile, s.mobile));
    const second = await submit({ ...s, needs: ['training'] }); // another key, other needs
    expect(second.status).toBe(201);
    expect(await second.json<CheckInReceipt>()).toEqual(first);
    const after = await db().select({ id: serviceRequests.id }).from(serviceRequests)
      .innerJoin(members, eq(members.id, serviceRequests.memberId)).where(eq(members.mobile, s.mobile));
    expect(after).toEqual(before);
    expect(first.serviceRequests.map((r) => r.category)).toEqual(['credit', 'livelihood']);
  });

  it('concurrent submissions under different keys all get the one check-in with its requests', async () => {
    const s = submission({ needs: ['legal'] });
    const receipts = await Promise.all([1, 2, 3].map(async () => (await submit(s)).json<CheckInReceipt>()));
    expect(new Set(receipts.map((r) => JSON.stringify(r))).size).toBe(1);
    expect(receipts[0]!.serviceRequests.map((r) => r.reference)).toEqual((await rowsOf(receipts[0]!.reference)).map((r) => r.reference));
  });
});

describe('the status lookup', () => {
  it('shows each request\'s status now, as staff assign, resolve and close them', async () => {
    const s = submission({ needs: ['policy', 'employment', 'legal'] });
    const receipt = await (await submit(s)).json<CheckInReceipt>();
    const [policy, employment, legal] = await rowsOf(receipt.reference);
    const statuses = async () => (await (await lookUp(receipt.reference, s.mobile)).json<CheckInReceipt>()).serviceRequests.map((r) => r.status);
    expect(await statuses()).toEqual(['open', 'open', 'open']);

    expect((await handle(policy!.id, 'assign', { assignee: '政策宣讲志愿队' })).status).toBe(200);
    expect(await statuses()).toEqual(['assigned', 'open', 'open']);
    expect((await handle(policy!.id, 'resolve', { resolution: '已讲解申报流程' })).status).toBe(200);
    expect((await handle(legal!.id, 'close', { reason: '已转法律援助中心' })).status).toBe(200);
    expect((await handle(employment!.id, 'assign', { assignee: '就业帮帮团' })).status).toBe(200);

    const res = await lookUp(receipt.reference, s.mobile);
    const text = await res.text();
    const now: CheckInReceipt = JSON.parse(text);
    expect(now.serviceRequests).toEqual([
      { reference: policy!.reference, category: 'policy', status: 'resolved', routedTo: CHANGZHOU_STATION, resolution: '已讲解申报流程' },
      { reference: employment!.reference, category: 'employment', status: 'assigned', routedTo: CHANGZHOU_STATION, resolution: null },
      { reference: legal!.reference, category: 'legal', status: 'closed', routedTo: CHANGZHOU_STATION, resolution: null },
    ]);
    // The resolution is written for the member; the assignee, the reason for closing and personal data stay with staff.
    for (const hidden of ['政策宣讲志愿队', '已转法律援助中心', '就业帮帮团', s.name, s.mobile]) expect(text).not.toContain(hidden);
    // A pending check-in's new submission shows the statuses now too.
    expect((await (await submit(s)).json<CheckInReceipt>()).serviceRequests.map((r) => r.status)).toEqual(['resolved', 'assigned', 'closed']);
  });

  it('says nothing about requests without the right last four digits', async () => {
    const s = submission({ needs: ['policy'] });
    const receipt = await (await submit(s)).json<CheckInReceipt>();
    await expectError(await call(`/v1/check-ins/status?key=${PK}&reference=${receipt.reference}&mobileLast4=${s.mobile.slice(-4) === '0000' ? '1111' : '0000'}`), 404, 'not_found');
  });

  it('reaches the requests through indexes: no scan, no sort (EXPLAIN QUERY PLAN)', async () => {
    const byReference = and(eq(checkIns.tenantId, 'pizhou'), eq(checkIns.reference, 'GK-00000000'), sql`substr(${members.mobile}, -4) = ${'1234'}`)!;
    const pendingHere = and(eq(checkIns.tenantId, 'pizhou'), eq(checkIns.memberId, sql`(select id from members where tenant_id = ${'pizhou'} and mobile = ${'13900001234'})`),
      eq(checkIns.branchId, 'br_cz_lingjiatang'), eq(checkIns.status, 'pending'))!;
    for (const where of [byReference, pendingHere]) {
      const { sql: text, params } = checkInRequestsQuery(db(), where).toSQL();
      const plan = (await env.DB.prepare(`EXPLAIN QUERY PLAN ${text}`).bind(...params).all<{ detail: string }>()).results.map((r) => r.detail).join('\n');
      expect(plan, plan).toMatch(/SEARCH service_requests USING INDEX service_requests_member \(tenant_id=\? AND member_id=\?\)/);
      expect(plan, plan).toMatch(/SEARCH check_ins USING INDEX/);
      expect(plan, plan).not.toMatch(/TEMP B-TREE|SCAN /);
    }
  });
});

describe('the OpenAPI document', () => {
  it('describes the list with the service request\'s own pieces', async () => {
    type Schema = { properties?: Record<string, { $ref?: string; items?: { $ref?: string } }>; required?: string[] };
    const doc = await (await call('/v1/openapi.json')).json<{ components: { schemas: Record<string, Schema> } }>();
    const { CheckInReceipt: receipt, CheckInServiceRequest: item } = doc.components.schemas;
    expect(receipt!.properties!.serviceRequests!.items!.$ref).toBe('#/components/schemas/CheckInServiceRequest');
    expect(receipt!.required).toContain('serviceRequests');
    expect(Object.keys(item!.properties!)).toEqual(['reference', 'category', 'status', 'routedTo', 'resolution']);
    expect(item!.properties!.routedTo!.$ref).toBe('#/components/schemas/RoutedTo');
  });
});
