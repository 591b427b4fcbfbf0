// Creating check-ins: exactly once, validated, rate limited per number, and nothing personal in
// any public answer.
import { and, count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  auditLog, branches, checkIns, CHECK_IN_CONSENT, homeUnits, hostCities, idempotencyKeys, members, positionColumns,
  REFERENCE_PATTERN, serviceRequests, tenants, type CheckInForm, type CheckInReceipt,
} from '../../schema/index.ts';
import { freshMobile, submission, submit } from './check-in-helpers.ts';
import { call, db, expectError, PK, proofFor, seed, SK } from './helpers.ts';
import { checkScopeCopiesAfterEach } from './scope-consistency.ts';

// Every write here leaves every scope copy equal to what it copies (worker/src/data/scope-copies.ts).
checkScopeCopiesAfterEach();

beforeAll(async () => {
  await seed();
  // Another tenant with a branch and a village of its own.
  await db().insert(tenants).values({ id: 'elsewhere', nameZh: '别处', nameEn: 'Elsewhere' });
  await db().insert(hostCities).values({ id: 'el_city', tenantId: 'elsewhere', nameZh: '别城', nameEn: 'Other city', provinceZh: '省', provinceEn: 'P', lat: 30, lng: 120 });
  await db().insert(branches).values({
    id: 'br_elsewhere', tenantId: 'elsewhere', cityId: 'el_city', nameZh: '别处支部', nameEn: 'Elsewhere Branch',
    addressZh: '某路', addressEn: 'Some road', ...positionColumns(30, 120), searchText: 'elsewhere',
  });
  await db().insert(homeUnits).values({ id: 'hu_elsewhere', tenantId: 'elsewhere', kind: 'village', nameZh: '别村', nameEn: 'Other village' });
});

const checkInsOf = async (mobile: string) => db().select().from(checkIns)
  .innerJoin(members, eq(members.id, checkIns.memberId)).where(eq(members.mobile, mobile));
const total = async (table: typeof checkIns | typeof members | typeof serviceRequests | typeof idempotencyKeys) =>
  (await db().select({ n: count() }).from(table))[0]!.n;

describe('the form', () => {
  it('has the consent text and version, the privacy notice, the home tree, the choices and the verifier', async () => {
    const res = await call(`/v1/check-in-form?key=${PK}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toMatch(/^public, max-age=60/);
    const form = await res.json<CheckInForm>();
    expect(form.consent).toEqual({ version: CHECK_IN_CONSENT.version, text: CHECK_IN_CONSENT.text });
    expect(form.privacyNoticeUrl).toBe('/privacy.html');
    expect(form.homeUnits.map((t) => t.id)).toEqual(['hu_yunhe', 'hu_gangshang', 'hu_tiefu', 'hu_guanhu']);
    expect(form.homeUnits[1]!.villages).toEqual([{ id: 'hu_gangshang_bei', name: { zh: '港上北村党支部', en: 'Gangshang North Village Branch' } }]);
    expect(form.categories).toContain('business_owner');
    expect(form.needs).toContain('social_insurance');
    expect(form.verification).toEqual({ provider: 'altcha', siteKey: null });
    expect(form.mobileVerification).toEqual({ codeLength: 6, codeTtlSeconds: 300, resendAfterSeconds: 60, maxAttempts: 5 });
  });
});

describe('creating a check-in', () => {
  it('answers 201 with a receipt holding no personal data, and makes the member and the check-in', async () => {
    const s = submission({ name: '赵六', employer: '常州某物流公司', category: 'employee' });
    const res = await submit(s);
    const text = await res.text();
    expect(res.status, text).toBe(201);
    const receipt: CheckInReceipt = JSON.parse(text);
    expect(receipt).toMatchObject({ status: 'pending', decidedAt: null, rejectReason: null, branch: { id: 'br_cz_lingjiatang' } });
    expect(receipt.reference).toMatch(REFERENCE_PATTERN);
    expect(Object.keys(receipt).sort()).toEqual(['branch', 'createdAt', 'decidedAt', 'id', 'reference', 'rejectReason', 'serviceRequests', 'status']);
    for (const personal of ['赵六', s.mobile, '常州某物流公司', 'hu_gangshang_bei']) expect(text).not.toContain(personal);
    const [row] = await checkInsOf(s.mobile);
    expect(row!.members).toMatchObject({ name: '赵六', homeUnitId: 'hu_gangshang_bei', category: 'employee', employer: '常州某物流公司', hostBranchId: null });
    expect(row!.check_ins).toMatchObject({
      status: 'pending', nameMismatch: false, consentVersion: CHECK_IN_CONSENT.version, createdByKeyId: 'key_demo_pk',
      mobileVerified: true, matchedMember: false, submittedHomeUnitId: 'hu_gangshang_bei',
    });
    // The receipt names the check-in it made: a partner reads it back by this id.
    expect(receipt.id).toBe(row!.check_ins.id);
    // The form's check-ins are audited too: they create personal data.
    const [entry] = await db().select().from(auditLog).where(eq(auditLog.subjectId, row!.check_ins.id));
    expect(entry).toMatchObject({ action: 'check_in.create', keyId: 'key_demo_pk', role: null, detail: { mobileVerified: true, newMember: true } });
  });

  it('audits a check-in made with a staff or partner key', async () => {
    const res = await submit(submission(), { key: SK });
    expect(res.status).toBe(201);
    const { reference } = await res.json<CheckInReceipt>();
    const [row] = await db().select().from(checkIns).where(eq(checkIns.reference, reference));
    const [entry] = await db().select().from(auditLog).where(eq(auditLog.subjectId, row!.id));
    expect(entry).toMatchObject({ action: 'check_in.create', keyId: 'key_demo_sk', detail: { member: row!.memberId, branch: 'br_cz_lingjiatang', needs: [] } });
  });

  it('creates one check-in for repeated submits with one key, replaying the same body', async () => {
    const s = submission();
    const idempotencyKey = crypto.randomUUID();
    const first = await submit(s, { idempotencyKey });
    const firstBody = await first.text();
    const again = await submit(s, { idempotencyKey });
    expect(again.status).toBe(201);
    expect(again.headers.get('Idempotent-Replayed')).toBe('true');
    expect(first.headers.get('Idempotent-Replayed')).toBeNull();
    expect(await again.text()).toBe(firstBody);
    // Key order and spacing do not make it another request.
    const withItsProof = { ...s, mobileProof: await proofFor(s.mobile) };
    const reordered = await submit(JSON.stringify(Object.fromEntries(Object.entries(withItsProof).reverse()), null, 2), { idempotencyKey });
    expect(await reordered.text()).toBe(firstBody);
    expect(await checkInsOf(s.mobile)).toHaveLength(1);
  });

  it('creates one check-in for concurrent submits with one key', async () => {
    const s = submission({ needs: ['legal'] });
    const idempotencyKey = crypto.randomUUID();
    const responses = await Promise.all(Array.from({ length: 5 }, () => submit(s, { idempotencyKey })));
    const bodies = await Promise.all(responses.map((r) => r.text()));
    expect(responses.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(bodies).size).toBe(1);
    expect(responses.filter((r) => r.headers.get('Idempotent-Replayed') === 'true')).toHaveLength(4);
    const rows = await checkInsOf(s.mobile);
    expect(rows).toHaveLength(1);
    expect(await db().select().from(serviceRequests).where(eq(serviceRequests.checkInId, rows[0]!.check_ins.id))).toHaveLength(1);
  });

  it('refuses the same key with another body (422) and changes nothing', async () => {
    const s = submission();
    const idempotencyKey = crypto.randomUUID();
    expect((await submit(s, { idempotencyKey })).status).toBe(201);
    const before = await Promise.all([total(checkIns), total(members), total(idempotencyKeys)]);
    await expectError(await submit({ ...s, currentCity: '苏州' }, { idempotencyKey }), 422, 'idempotency_mismatch');
    expect(await Promise.all([total(checkIns), total(members), total(idempotencyKeys)])).toEqual(before);
    expect((await checkInsOf(s.mobile))[0]!.members.currentCity).toBe('常州');
  });

  it('requires a well-formed Idempotency-Key', async () => {
    for (const idempotencyKey of [null, 'short', 'has spaces in it', 'x'.repeat(129)]) {
      const error = await expectError(await submit(submission(), { idempotencyKey }), 400, 'validation_failed');
      expect(error.message).toMatch(/Idempotency-Key/);
    }
  });

  it('returns the pending check-in for the same member and branch under a new key (201 all the same)', async () => {
    const s = submission();
    const first = await (await submit(s)).json<CheckInReceipt>();
    const second = await submit({ ...s, needs: ['training'] });
    expect(second.status).toBe(201); // no different status: it would tell that this number had checked in
    expect(await second.json<CheckInReceipt>()).toMatchObject({ id: first.id, reference: first.reference });
    expect(await checkInsOf(s.mobile)).toHaveLength(1);
    // A different branch is a new check-in.
    expect((await submit({ ...s, branchId: 'br_cz_xinbei' })).status).toBe(201);
  });

  it('makes one check-in of concurrent submissions under different keys', async () => {
    const s = submission();
    const responses = await Promise.all([1, 2, 3, 4].map(() => submit(s)));
    expect(responses.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    const references = await Promise.all(responses.map(async (r) => (await r.json<CheckInReceipt>()).reference));
    expect(new Set(references).size).toBe(1);
    expect(await checkInsOf(s.mobile)).toHaveLength(1);
  });
});

describe('validation: 400 with details, nothing written', () => {
  it.each([
    ['too short', '1380000000'], ['not starting with 1', '23800000001'], ['second digit 2', '12800000001'],
    ['letters', '13800abc001'], ['a foreign number', '+1 650 555 0100'], ['too long', '138000000012'],
  ])('a bad mobile number: %s', async (_, mobile) => {
    const before = await total(members);
    const error = await expectError(await submit(submission({ mobile })), 400, 'validation_failed');
    expect(error.details).toEqual([expect.objectContaining({ path: 'mobile' })]);
    expect(await total(members)).toBe(before);
  });

  it.each([
    ['spaces', (n: string) => `${n.slice(0, 3)} ${n.slice(3, 7)} ${n.slice(7)}`],
    ['+86', (n: string) => `+86 ${n}`],
    ['0086 and dashes', (n: string) => `0086-${n.slice(0, 3)}-${n.slice(3, 7)}-${n.slice(7)}`],
    // A Chinese keyboard: full-width digits and plus, an ideographic space.
    ['full-width digits', (n: string) => `＋８６\u3000${n.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0))}`],
  ])('a mobile number with %s is normalised', async (_, format) => {
    const mobile = freshMobile();
    expect((await submit(submission({ mobile: format(mobile) }))).status).toBe(201);
    expect(await checkInsOf(mobile)).toHaveLength(1);
  });

  it('needs separate consent to the current text', async () => {
    const { consent: _, ...noConsent } = submission();
    await expectError(await submit(noConsent), 400, 'validation_failed');
    await expectError(await submit(submission({ consent: { version: CHECK_IN_CONSENT.version, granted: false as true } })), 400, 'validation_failed');
    const outdated = await expectError(await submit(submission({ consent: { version: 'checkin-consent-2020-01', granted: true } })), 400, 'validation_failed');
    expect(outdated.message).toMatch(/reload the form/);
  });

  it('refuses an unknown category, a need twice, an empty name, a body that is not JSON', async () => {
    await expectError(await submit(submission({ category: 'pirate' as 'worker' })), 400, 'validation_failed');
    await expectError(await submit(submission({ needs: ['legal', 'legal'] })), 400, 'validation_failed');
    await expectError(await submit(submission({ name: '   ' })), 400, 'validation_failed');
    await expectError(await submit('not json'), 400, 'validation_failed');
  });

  it('404s for an unknown branch and for another tenant\'s branch alike', async () => {
    for (const branchId of ['br_nowhere', 'br_elsewhere']) {
      const error = await expectError(await submit(submission({ branchId })), 404, 'not_found');
      expect(error.message).toBe('The branch was not found.');
    }
  });

  it('refuses a home unit that is not the tenant\'s', async () => {
    for (const homeUnitId of ['hu_nowhere', 'hu_elsewhere']) {
      const error = await expectError(await submit(submission({ homeUnitId })), 400, 'validation_failed');
      expect(error.details).toEqual([expect.objectContaining({ path: 'homeUnitId' })]);
    }
    expect((await submit(submission({ homeUnitId: 'hu_tiefu' }))).status).toBe(201); // a town will do
  });
});

describe('members already on the roster', () => {
  it('flags a different name and leaves the roster alone until the branch confirms', async () => {
    const [before] = await db().select().from(members).where(eq(members.id, 'mb_demo_01'));
    const res = await submit(submission({
      name: '张三', mobile: '138 0000 0001', branchId: 'br_cz_xinbei', currentCity: '常州新北', category: 'employee', employer: '新北某厂',
    }));
    expect(res.status).toBe(201);
    const [row] = await checkInsOf('13800000001');
    expect(row!.check_ins).toMatchObject({
      submittedName: '张三', nameMismatch: true, memberId: 'mb_demo_01', currentCity: '常州新北', category: 'employee', employer: '新北某厂',
    });
    // An unverified form (anyone who knows the number can send one) changes nothing on the roster.
    expect(row!.members).toEqual(before);
    const confirmed = await call(`/v1/check-ins/${row!.check_ins.id}/confirm`, { method: 'POST', headers: { Authorization: `Bearer ${SK}` } });
    expect(confirmed.status).toBe(200);
    const [after] = await db().select().from(members).where(eq(members.id, 'mb_demo_01'));
    expect(after).toMatchObject({
      name: '张伟', homeUnitId: 'hu_gangshang_bei', currentCity: '常州新北', category: 'employee', employer: '新北某厂', hostBranchId: 'br_cz_xinbei',
      lastCheckInAt: row!.check_ins.createdAt,
    });
  });

  it('does not flag the same name', async () => {
    expect((await submit(submission({ name: '李娜', mobile: '13800000002', branchId: 'br_sz_wuzhong' }))).status).toBe(201);
    expect((await checkInsOf('13800000002'))[0]!.check_ins.nameMismatch).toBe(false);
  });
});

describe('needs become service requests', () => {
  it('one per need, routed to the committee of the branch, or to the home org without one', async () => {
    const s = submission({ needs: ['employment', 'social_insurance', 'legal'] });
    await submit(s);
    const [row] = await checkInsOf(s.mobile);
    const requests = await db().select().from(serviceRequests).where(eq(serviceRequests.checkInId, row!.check_ins.id));
    expect(requests.map((r) => r.category).sort()).toEqual(['employment', 'legal', 'social_insurance']);
    for (const r of requests) {
      expect(r).toMatchObject({ committeeId: 'cm_changzhou', status: 'open', memberId: row!.members.id });
      expect(r.reference).toMatch(/^SR-[0-9A-HJKMNP-TV-Z]{8}$/);
    }
    const yangzhou = submission({ branchId: 'br_yz_guangling', needs: ['hardship'] });
    await submit(yangzhou);
    const [other] = await checkInsOf(yangzhou.mobile);
    const [request] = await db().select().from(serviceRequests).where(and(eq(serviceRequests.checkInId, other!.check_ins.id)));
    expect(request!.committeeId).toBeNull();
  });
});

describe('status lookup', () => {
  it('answers the receipt with the right last four digits, and the same 404 otherwise', async () => {
    const s = submission();
    const receipt = await (await submit(s)).json<CheckInReceipt>();
    const lookUp = (reference: string, last4: string) => call(`/v1/check-ins/status?key=${PK}&reference=${reference}&mobileLast4=${last4}`);
    const res = await lookUp(receipt.reference, s.mobile.slice(-4));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(receipt);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    expect((await lookUp(receipt.reference.toLowerCase(), s.mobile.slice(-4))).status).toBe(200);
    const wrongDigits = await expectError(await lookUp(receipt.reference, s.mobile.slice(-4) === '0000' ? '1111' : '0000'), 404, 'not_found');
    const wrongReference = await expectError(await lookUp('GK-00000000', s.mobile.slice(-4)), 404, 'not_found');
    expect(wrongDigits.message).toBe(wrongReference.message);
    await expectError(await lookUp(receipt.reference, '12a4'), 400, 'validation_failed');
  });

  it('takes the last four digits and the reference as a Chinese keyboard types them (full-width)', async () => {
    const s = submission();
    const receipt = await (await submit(s)).json<CheckInReceipt>();
    const fullWidth = (text: string) => text.replace(/[0-9A-Z-]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));
    const res = await call(`/v1/check-ins/status?key=${PK}&reference=${encodeURIComponent(fullWidth(receipt.reference))}`
      + `&mobileLast4=${encodeURIComponent(fullWidth(s.mobile.slice(-4)))}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(receipt);
  });
});
