// Filing service requests: routing, exactly once, validation, consent, and the status lookup.
import { and, count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  auditLog, idempotencyKeys, members, SERVICE_REQUEST_REFERENCE_PATTERN, serviceRequests, stations, stationServices,
  type ServiceRequestReceipt,
} from '../../schema/index.ts';
import { positionColumns } from '../../schema/tables.ts';
import { routerFor } from '../../worker/src/data/service-request-routing.ts';
import { submission, submit } from './check-in-helpers.ts';
import { call, db, expectError, PK, seed, SK } from './helpers.ts';
import { file, filed, freshMobile, request, sharedWith } from './service-request-helpers.ts';
import { checkScopeCopiesAfterEach } from './scope-consistency.ts';

// Every write here leaves every scope copy equal to what it copies (worker/src/data/scope-copies.ts).
checkScopeCopiesAfterEach();

beforeAll(async () => {
  await seed();
  // A second Changzhou station, without a committee of its own, that offers legal advice: it
  // sorts after st_changzhou, so choosing it proves the category decides, not the order.
  await db().insert(stations).values({
    id: 'st_cz_wujin', tenantId: 'pizhou', committeeId: null, cityId: 'pizhou_changzhou', nameZh: '武进法律驿站', nameEn: 'Wujin legal station',
    addressZh: '常州市武进区', addressEn: 'Wujin, Changzhou', ...positionColumns(31.70, 119.95),
  });
  await db().insert(stationServices).values({
    id: 'st_cz_wujin_sv1', tenantId: 'pizhou', stationId: 'st_cz_wujin', category: 'legal', descriptionZh: '法律咨询', descriptionEn: 'Legal advice',
    eligibilityZh: '所有人', eligibilityEn: 'Everyone', howToApplyZh: '到站', howToApplyEn: 'Walk in',
  });
});

const total = async (table: typeof serviceRequests | typeof members | typeof idempotencyKeys) =>
  (await db().select({ n: count() }).from(table))[0]!.n;

describe('routing', () => {
  it.each([
    ['the city\'s station offering the category', { cityId: 'pizhou_changzhou', category: 'credit' }, 'station', 'st_changzhou', 'cm_changzhou'],
    ['the offering station even when another comes first; its city\'s committee when it has none', { cityId: 'pizhou_changzhou', category: 'legal' }, 'station', 'st_cz_wujin', 'cm_changzhou'],
    ['any station of the city when none offers it', { cityId: 'pizhou_changzhou', category: 'hardship' }, 'station', 'st_changzhou', 'cm_changzhou'],
    ['the station named (filed from its service), city from the station', { cityId: undefined, stationId: 'st_suzhou', category: 'credit' }, 'station', 'st_suzhou', 'cm_suzhou'],
    ['a station without committee in a city without one', { cityId: 'pizhou_beijing', category: 'legal' }, 'station', 'st_beijing', null],
    ['a city with only a committee', { cityId: 'pizhou_xian', category: 'policy' }, 'committee', 'cm_xian', 'cm_xian'],
    ['a city with neither: the home org', { cityId: 'pizhou_yangzhou', category: 'policy' }, 'home', 'pizhou', null],
  ] as const)('%s', async (_, over, kind, routedId, committeeId) => {
    const { receipt, row } = await filed(over);
    expect(receipt.routedTo).toMatchObject({ kind, id: routedId });
    expect(receipt.routedTo.name.zh).not.toBe('');
    expect(row).toMatchObject({ committeeId, stationId: kind === 'station' ? routedId : null, category: over.category, status: 'open' });
    expect(row.cityId).toBe(over.cityId ?? 'pizhou_suzhou');
  });

  it('routes the needs ticked on a check-in in the branch\'s city', async () => {
    const s = submission({ needs: ['credit', 'legal'] });
    const receipt = await (await submit(s)).json<{ reference: string }>();
    expect(receipt.reference).toMatch(/^GK-/);
    const rows = await db().select().from(serviceRequests).innerJoin(members, eq(members.id, serviceRequests.memberId))
      .where(eq(members.mobile, s.mobile));
    const byCategory = Object.fromEntries(rows.map((r) => [r.service_requests.category, r.service_requests.stationId]));
    expect(byCategory).toEqual({ credit: 'st_changzhou', legal: 'st_cz_wujin' });
    expect(rows.every((r) => r.service_requests.cityId === 'pizhou_changzhou' && r.service_requests.committeeId === 'cm_changzhou')).toBe(true);
  });

  it.each([
    ['a city with neither: the fallback committee, not the home org', 'pizhou_yangzhou', 'committee', 'cm_suzhou', 'cm_suzhou'],
    ['a city with its own committee: that one', 'pizhou_xian', 'committee', 'cm_xian', 'cm_xian'],
    ['a station without committee in a city without one: the station, stored under the fallback', 'pizhou_beijing', 'station', 'st_beijing', 'cm_suzhou'],
    ['a station with a committee: the station\'s', 'pizhou_changzhou', 'station', 'st_changzhou', 'cm_changzhou'],
  ] as const)('with a fallback committee (a branch\'s in a city without one), %s', async (_, cityId, kind, routedId, committeeId) => {
    const route = await routerFor(db(), 'pizhou', { cityId, committeeId: 'cm_suzhou' });
    expect(route('policy')).toMatchObject({ cityId, committeeId, stationId: kind === 'station' ? routedId : null, routedTo: { kind, id: routedId } });
  });

  it('ignores an unknown fallback committee, and routes to the home org as before', async () => {
    for (const committeeId of ['cm_nowhere', null, undefined]) {
      const route = await routerFor(db(), 'pizhou', { cityId: 'pizhou_yangzhou', committeeId });
      expect(route('policy')).toMatchObject({ committeeId: null, stationId: null, routedTo: { kind: 'home', id: 'pizhou' } });
    }
  });

  it('refuses a station of another city (400), an unknown city or station (404), and writes nothing', async () => {
    const before = await total(serviceRequests);
    const body = await expectError(await file(request({ cityId: 'pizhou_changzhou', stationId: 'st_suzhou' })), 400, 'validation_failed');
    expect(body.details).toEqual([{ path: 'stationId', message: 'Not a station in pizhou_changzhou.' }]);
    await expectError(await file(request({ cityId: 'pizhou_atlantis' })), 404, 'not_found');
    await expectError(await file(request({ cityId: undefined, stationId: 'st_nowhere' })), 404, 'not_found');
    expect(await total(serviceRequests)).toBe(before);
  });
});

describe('filing', () => {
  it('creates the member and the request in one go, audited, with a receipt free of personal data', async () => {
    const mobile = freshMobile();
    const res = await file(request({ mobile, name: '赵磊' }));
    expect(res.status).toBe(201);
    const text = await res.text();
    const receipt = JSON.parse(text) as ServiceRequestReceipt;
    expect(receipt).toEqual({
      id: expect.stringMatching(/^sr_/), reference: expect.stringMatching(SERVICE_REQUEST_REFERENCE_PATTERN), category: 'policy', status: 'open',
      routedTo: { kind: 'station', id: 'st_changzhou', name: { zh: '邳州流动党员常州服务驿站', en: 'Pizhou Service Station, Changzhou' } },
      resolution: null, createdAt: expect.any(Number), updatedAt: receipt.createdAt,
    });
    expect(text).not.toContain(mobile);
    expect(text).not.toContain('赵磊');
    const [member] = await db().select().from(members).where(eq(members.mobile, mobile));
    expect(member).toMatchObject({ name: '赵磊', homeUnitId: 'hu_gangshang_bei', category: 'business_owner', currentCity: '常州' });
    const [row] = await db().select().from(serviceRequests).where(eq(serviceRequests.reference, receipt.reference));
    expect(row!.id).toBe(receipt.id); // what the filer reads it back by
    expect(row).toMatchObject({ memberId: member!.id, description: '想了解个体工商户的税收政策', submittedName: '赵磊', nameMismatch: false, sharedWithPartnerId: null });
    const audit = await db().select().from(auditLog).where(and(eq(auditLog.subjectId, row!.id), eq(auditLog.action, 'service_request.create')));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.detail).toMatchObject({ member: member!.id, category: 'policy', routedTo: 'st_changzhou' });
  });

  it('is exactly once: the same Idempotency-Key replays the receipt and makes one request', async () => {
    const body = request();
    const idempotencyKey = crypto.randomUUID();
    const first = await file(body, { idempotencyKey });
    const again = await file(body, { idempotencyKey });
    const [a, b] = [await first.json<ServiceRequestReceipt>(), await again.json<ServiceRequestReceipt>()];
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.headers.get('Idempotent-Replayed')).toBe('true');
    expect(b).toEqual(a);
    const rows = await db().select().from(serviceRequests).innerJoin(members, eq(members.id, serviceRequests.memberId)).where(eq(members.mobile, body.mobile));
    expect(rows).toHaveLength(1);
    await expectError(await file({ ...body, description: '别的事' }, { idempotencyKey }), 422, 'idempotency_mismatch');
  });

  it('flags a different name for a known mobile and keeps the roster\'s name', async () => {
    const { row } = await filed({ mobile: '13800000009', name: '郑浩浩', homeUnitId: 'hu_yunhe' });
    expect(row).toMatchObject({ memberId: 'mb_demo_09', submittedName: '郑浩浩', nameMismatch: true });
    const [member] = await db().select().from(members).where(eq(members.id, 'mb_demo_09'));
    expect(member).toMatchObject({ name: '郑浩', homeUnitId: 'hu_tiefu_yaowan' });
  });

  it("leaves a known member's roster fields alone; the request's history keeps what was submitted", async () => {
    const roster = async () => (await db().select().from(members).where(eq(members.id, 'mb_demo_07')))[0]!;
    const before = await roster();
    expect(before).toMatchObject({ name: '周杰', currentCity: '西安', category: 'business_owner' });
    // Anyone who knows the mobile can file (the publishable key); with or without the right name, the roster stays.
    for (const name of ['周杰', '冒名者']) {
      const { row } = await filed({ mobile: '13800000007', name, currentCity: '常州', memberCategory: 'student', homeUnitId: 'hu_yunhe' });
      expect(row).toMatchObject({ memberId: 'mb_demo_07', cityId: 'pizhou_changzhou', nameMismatch: name !== '周杰' });
      expect(await roster()).toEqual(before);
      const [audit] = await db().select().from(auditLog).where(and(eq(auditLog.subjectId, row.id), eq(auditLog.action, 'service_request.create')));
      expect(audit!.detail).toMatchObject({ submitted: { currentCity: '常州', memberCategory: 'student', homeUnitId: 'hu_yunhe' } });
    }
  });

  it('shares with a partner only when the sender proved the mobile, whatever the roster says, and says so only to staff', async () => {
    const share = { category: 'credit', shareWith: sharedWith('pt_pizhou_bank') } as const;
    // A staff key files for a member's number without a proof: the consent is not the member's.
    const unproved = await filed({ ...share, mobile: '13800000008', name: '吴敏' }, SK);
    expect(unproved.row).toMatchObject({ memberId: 'mb_demo_08', nameMismatch: false, sharedWithPartnerId: null, shareConsentVersion: null, sharedAt: null });
    // The receipt is the usual one: it tells the filer nothing about the roster.
    expect(Object.keys(unproved.receipt).sort()).toEqual(['category', 'createdAt', 'id', 'reference', 'resolution', 'routedTo', 'status', 'updatedAt']);
    const [audit] = await db().select().from(auditLog).where(and(eq(auditLog.subjectId, unproved.row.id), eq(auditLog.action, 'service_request.create')));
    expect(audit!.detail).toMatchObject({ sharedWith: null, shareWithheld: 'pt_pizhou_bank' });
    // The member, proving the number (the form): shared as consented, even under another spelling of the name.
    const proved = await filed({ ...share, mobile: '13800000008', name: '吴 敏' });
    expect(proved.row).toMatchObject({ nameMismatch: true, sharedWithPartnerId: 'pt_pizhou_bank', shareConsentVersion: 'service-request-share-2026-11' });
    expect(proved.row.sharedAt).toBe(proved.row.createdAt);
  });

  it.each([
    ['no Idempotency-Key', () => file(request(), { idempotencyKey: null }), 'Idempotency-Key'],
    ['a bad mobile', () => file(request({ mobile: '12345' })), 'mobile'],
    ['no description', () => file(request({ description: '  ' })), 'description'],
    ['a description over 500 characters', () => file(request({ description: '字'.repeat(501) })), 'description'],
    ['neither city nor station', () => file(request({ cityId: undefined })), 'cityId'],
    ['an unknown category', () => file({ ...request(), category: 'banking' }), 'category'],
    ['a home unit of nobody', () => file(request({ homeUnitId: 'hu_nowhere' })), 'homeUnitId'],
    ['an unknown partner to share with', () => file(request({ shareWith: sharedWith('pt_nobody') })), 'shareWith.partnerId'],
    ['consent to an old text', () => file(request({ consent: { version: 'service-request-consent-2020-01', granted: true } })), 'consent.version'],
    ['sharing consent to an old text', () => file(request({ shareWith: { partnerId: 'pt_pizhou_bank', consent: { version: 'old', granted: true } } })), 'shareWith.consent.version'],
    ['consent not granted', () => file({ ...request(), consent: { version: 'service-request-consent-2026-11', granted: false } }), 'consent.granted'],
    ['malformed JSON', () => file('{"name":'), undefined],
  ] as const)('refuses %s with 400 and writes nothing', async (_, send, path) => {
    const before = await Promise.all([total(serviceRequests), total(members), total(idempotencyKeys)]);
    const error = await expectError(await send(), 400, 'validation_failed');
    if (path) expect((error.details as { path: string }[]).map((d) => d.path)).toContain(path);
    expect(await Promise.all([total(serviceRequests), total(members), total(idempotencyKeys)])).toEqual(before);
  });

  it('asks to reload the form when the consent text changed', async () => {
    const error = await expectError(await file(request({ consent: { version: 'service-request-consent-2020-01', granted: true } })), 400, 'validation_failed');
    expect(error.message).toMatch(/reload/);
  });
});

describe('status lookup', () => {
  it('answers with the right last four digits, and the same 404 otherwise; no personal data', async () => {
    const { receipt, body } = await filed({ name: '钱多多' });
    const lookUp = (reference: string, last4: string) => call(`/v1/service-requests/status?key=${PK}&reference=${reference}&mobileLast4=${last4}`);
    const res = await lookUp(receipt.reference.toLowerCase(), body.mobile.slice(-4));
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual(receipt);
    expect(text).not.toContain('钱多多');
    expect(text).not.toContain(body.mobile);
    const wrong = body.mobile.slice(-4) === '0000' ? '1111' : '0000';
    const [a, b] = [await lookUp(receipt.reference, wrong), await lookUp('SR-00000000', body.mobile.slice(-4))];
    expect([a.status, b.status]).toEqual([404, 404]);
    expect((await a.json<{ error: { message: string } }>()).error.message).toBe((await b.json<{ error: { message: string } }>()).error.message);
  });
});
