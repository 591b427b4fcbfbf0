import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiKeys, auditLog, committees, hostCities, partners, tenants, type ApiKey, type ApiKeyPage, type IssuedApiKey } from '../../schema/index.ts';
import type { ResolvedKey } from '../../worker/src/env.ts';
import { prepareKey } from '../../worker/src/access/keys.ts';
import { createKey, type KeyAudit } from '../../worker/src/data/keys.ts';
import { HttpError } from '../../worker/src/errors.ts';
import { call, db, expectError, PK, seed, SK, withKey } from './helpers.ts';

const OTHER_SK = 'sk_test_other_admin';

beforeAll(async () => {
  await seed();
  const other = await prepareKey({ tenantId: 'other', kind: 'secret', label: 'Other admin', role: 'home_admin', token: OTHER_SK });
  await db().batch([
    db().insert(tenants).values({ id: 'other', nameZh: '别处', nameEn: 'Elsewhere' }),
    db().insert(apiKeys).values({ ...other.row, id: 'key_other_admin' }),
    db().insert(hostCities).values({ id: 'other_city', tenantId: 'other', nameZh: '城', nameEn: 'City', provinceZh: '省', provinceEn: 'Province', lat: 30, lng: 120 }),
    db().insert(committees).values({ id: 'cm_other', tenantId: 'other', cityId: 'other_city', nameZh: '委', nameEn: 'Other committee' }),
    db().insert(partners).values({ id: 'pt_chamber', tenantId: 'pizhou', nameZh: '邳州商会', nameEn: 'Pizhou Chamber' }),
  ]);
});

const post = (path: string, key: string, body?: unknown) =>
  call(path, { method: 'POST', ...withKey(key, { 'Content-Type': 'application/json' }), body: body === undefined ? undefined : JSON.stringify(body) });
const create = (body: unknown, key = SK) => post('/v1/keys', key, body);
const keyCount = async () => (await db().select().from(apiKeys)).length;
const auditOf = (subjectId: string) => db().select().from(auditLog).where(and(eq(auditLog.subjectType, 'key'), eq(auditLog.subjectId, subjectId)));
const branchesWith = (key: string) => call('/v1/branches?limit=1', withKey(key));

async function issue(body: Record<string, unknown>): Promise<IssuedApiKey> {
  const res = await create({ label: 'test', ...body });
  expect(res.status, await res.clone().text()).toBe(201);
  expect(res.headers.get('Cache-Control')).toBe('no-store');
  return res.json<IssuedApiKey>();
}

describe('POST /v1/keys', () => {
  it.each([
    ['town_staff', 'hu_gangshang', 'hu_gangshang_bei'],
    ['village_staff', 'hu_gangshang_bei', 'hu_gangshang'],
    ['committee_secretary', 'cm_changzhou', 'br_cz_lingjiatang'],
    ['branch_secretary', 'br_cz_lingjiatang', 'cm_changzhou'],
    ['station_manager', 'st_suzhou', 'br_sz_sip'],
    ['partner', 'pt_chamber', 'cm_suzhou'],
  ])('scopes a %s key to an existing node of the right kind (%s, not %s)', async (role, node, wrongNode) => {
    const key = await issue({ kind: 'secret', role, scopeNodeId: node });
    expect(key).toMatchObject({ kind: 'secret', role, scopeNodeId: node, prefix: 'sk_test_', revokedAt: null });
    expect(key.token).toMatch(/^sk_test_[A-Za-z0-9]{32}$/);
    expect(key.last4).toBe(key.token.slice(-4));
    const before = await keyCount();
    for (const scopeNodeId of [wrongNode, 'cm_other', 'nowhere']) {
      const error = await expectError(await create({ kind: 'secret', label: 'x', role, scopeNodeId }), 400, 'validation_failed');
      expect(error.details).toEqual([expect.objectContaining({ path: 'scopeNodeId' })]);
    }
    expect(await keyCount()).toBe(before);
  });

  it('creates a home admin key (no node) and a publishable key, whose token works at once', async () => {
    const admin = await issue({ kind: 'secret', role: 'home_admin', scopes: ['read_only'] });
    expect(admin).toMatchObject({ scopeNodeId: null, scopes: ['read_only'] });
    expect((await branchesWith(admin.token)).status).toBe(200);
    const widget = await issue({ kind: 'publishable', allowedOrigins: ['https://portal.example.org', 'http://localhost:*'] });
    expect(widget).toMatchObject({ prefix: 'pk_test_', role: null, allowedOrigins: ['https://portal.example.org', 'http://localhost:*'] });
    const fromPortal = await call(`/v1/cities?key=${widget.token}`, { headers: { Origin: 'https://portal.example.org' } });
    expect(fromPortal.status).toBe(200);
  });

  it.each([
    [{ kind: 'secret', label: 'x' }, ['role']],
    [{ kind: 'secret', label: 'x', role: 'branch_secretary' }, ['scopeNodeId']],
    [{ kind: 'secret', label: 'x', role: 'home_admin', scopeNodeId: 'cm_changzhou' }, ['scopeNodeId']],
    [{ kind: 'secret', label: 'x', role: 'home_admin', allowedOrigins: ['https://a.example'] }, ['allowedOrigins']],
    [{ kind: 'publishable', label: 'x' }, ['allowedOrigins']],
    [{ kind: 'publishable', label: 'x', allowedOrigins: ['https://a.example/path', 'a.example', 'HTTPS://A.EXAMPLE'] }, ['allowedOrigins.0', 'allowedOrigins.1', 'allowedOrigins.2']],
    [{ kind: 'publishable', label: 'x', allowedOrigins: ['https://a.example'], role: 'home_admin' }, ['role']],
    [{ kind: 'master', label: '' }, ['kind', 'label']],
    [{ kind: 'secret', label: 'x', role: 'home_admin', origins: ['https://a.example'] }, ['']],
    [{ kind: 'secret', label: 'x', role: 'station_manager', scopeNodeId: 'st_suzhou', scopes: ['members:read'] }, ['scopes']],
  ])('refuses %j with a 400 naming each problem, and writes nothing', async (body, paths) => {
    const [keysBefore, auditBefore] = [await keyCount(), (await db().select().from(auditLog)).length];
    const error = await expectError(await create(body), 400, 'validation_failed');
    expect((error.details as { path: string }[]).map((d) => d.path).sort()).toEqual(paths);
    expect(await keyCount()).toBe(keysBefore);
    expect((await db().select().from(auditLog)).length).toBe(auditBefore);
  });

  it('answers a body that is not JSON with a 400 envelope', async () => {
    const res = await call('/v1/keys', { method: 'POST', ...withKey(SK, { 'Content-Type': 'application/json' }), body: '{"kind":' });
    expect(res.status).toBe(400);
    expect((await res.json<{ error: { code: string } }>()).error.code).toBe('validation_failed');
  });

  it('writes a key.create audit entry naming the acting key', async () => {
    const key = await issue({ kind: 'secret', role: 'committee_secretary', scopeNodeId: 'cm_xian', label: 'Xi\'an office' });
    const [entry] = await auditOf(key.id);
    expect(entry).toMatchObject({ tenantId: 'pizhou', action: 'key.create', keyId: 'key_demo_sk', role: 'home_admin' });
    expect(entry?.detail).toMatchObject({ kind: 'secret', role: 'committee_secretary', scopeNodeId: 'cm_xian' });
  });
});

describe('GET /v1/keys', () => {
  it('lists newest first, with prefix and last four but never the token or hash', async () => {
    const key = await issue({ kind: 'secret', role: 'home_admin', label: 'Newest' });
    const res = await call('/v1/keys', withKey(SK));
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    const page = await res.json<ApiKeyPage>();
    expect(page.data[0]).toMatchObject({ id: key.id, label: 'Newest', prefix: 'sk_test_', last4: key.token.slice(-4) });
    const text = JSON.stringify(page);
    const [stored] = await db().select().from(apiKeys).where(eq(apiKeys.id, key.id));
    expect(text).not.toContain(key.token);
    expect(text).not.toContain(stored!.hash);
    expect(text).not.toMatch(/"(hash|token)"/);
    expect(page.data.some((k) => k.id === 'key_other_admin')).toBe(false);
  });

  it('pages with a cursor, and shows revoked keys only when asked', async () => {
    const gone = await issue({ kind: 'secret', role: 'home_admin' });
    await post(`/v1/keys/${gone.id}/revoke`, SK);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: ApiKeyPage = await (await call(`/v1/keys?limit=2${cursor ? `&cursor=${cursor}` : ''}`, withKey(SK))).json();
      seen.push(...page.data.map((k) => k.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).not.toContain(gone.id);
    const all = await (await call('/v1/keys?limit=100&includeRevoked=true', withKey(SK))).json<ApiKeyPage>();
    expect(all.data.map((k) => k.id)).toEqual(expect.arrayContaining([...seen, gone.id]));
    expect(all.data.map((k) => k.createdAt)).toEqual(all.data.map((k) => k.createdAt).sort((a, b) => b - a));
  });
});

describe('rotate and revoke', () => {
  it('rotates: the old token fails at once, the new one works, both in the audit log', async () => {
    const old = await issue({ kind: 'secret', role: 'branch_secretary', scopeNodeId: 'br_cz_xinbei' });
    expect((await branchesWith(old.token)).status).toBe(200);
    const res = await post(`/v1/keys/${old.id}/rotate`, SK);
    expect(res.status).toBe(200);
    const fresh = await res.json<IssuedApiKey>();
    expect(fresh).toMatchObject({ role: 'branch_secretary', scopeNodeId: 'br_cz_xinbei', label: old.label, revokedAt: null });
    expect(fresh.id).not.toBe(old.id);
    await expectError(await branchesWith(old.token), 401, 'unauthenticated');
    expect((await branchesWith(fresh.token)).status).toBe(200);
    expect(await auditOf(old.id)).toEqual(expect.arrayContaining([
      expect.objectContaining({ action: 'key.rotate', detail: { newKeyId: fresh.id } }),
    ]));
    await expectError(await post(`/v1/keys/${old.id}/rotate`, SK), 409, 'conflict');
  });

  it('revokes at once, idempotently, with one audit entry', async () => {
    const key = await issue({ kind: 'publishable', allowedOrigins: ['https://a.example'] });
    const first = await post(`/v1/keys/${key.id}/revoke`, SK);
    expect(first.status).toBe(200);
    const revoked = await first.json<ApiKey>();
    expect(revoked.revokedAt).toEqual(expect.any(Number));
    await expectError(await call(`/v1/cities?key=${key.token}`), 401, 'unauthenticated');
    const again = await post(`/v1/keys/${key.id}/revoke`, SK);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(revoked);
    expect((await auditOf(key.id)).map((e) => e.action)).toEqual(['key.create', 'key.revoke']);
  });

  it('refuses to let a key revoke itself (409), but lets it rotate itself', async () => {
    const admin = await issue({ kind: 'secret', role: 'home_admin' });
    const error = await expectError(await post(`/v1/keys/${admin.id}/revoke`, admin.token), 409, 'conflict');
    expect(error.message).toMatch(/cannot revoke itself/);
    const rotated = await (await post(`/v1/keys/${admin.id}/rotate`, admin.token)).json<IssuedApiKey>();
    await expectError(await branchesWith(admin.token), 401, 'unauthenticated');
    expect((await call('/v1/keys', withKey(rotated.token))).status).toBe(200);
  });
});

describe('who may manage keys', () => {
  it('refuses other roles, narrowed admins and publishable keys (403)', async () => {
    const secretary = await issue({ kind: 'secret', role: 'committee_secretary', scopeNodeId: 'cm_changzhou' });
    const readOnlyAdmin = await issue({ kind: 'secret', role: 'home_admin', scopes: ['read_only'] });
    for (const key of [secretary.token, readOnlyAdmin.token]) {
      await expectError(await call('/v1/keys', withKey(key)), 403, 'forbidden');
      await expectError(await create({ kind: 'secret', label: 'x', role: 'home_admin' }, key), 403, 'forbidden');
      await expectError(await post(`/v1/keys/${secretary.id}/revoke`, key), 403, 'forbidden');
    }
    await expectError(await call(`/v1/keys?key=${PK}`), 403, 'forbidden');
    await expectError(await create({ kind: 'secret', label: 'x', role: 'home_admin' }, PK), 403, 'forbidden');
  });

  it('refuses a key narrowed by scopes the power to mint or take over a stronger key (403)', async () => {
    const keysOnly = await issue({ kind: 'secret', role: 'home_admin', scopes: ['keys:manage'] });
    await expectError(await post('/v1/keys/key_demo_sk/rotate', keysOnly.token), 403, 'forbidden');
    expect((await call('/v1/keys', withKey(SK))).status).toBe(200);
    const before = await keyCount();
    await expectError(await create({ kind: 'secret', label: 'x', role: 'home_admin' }, keysOnly.token), 403, 'forbidden');
    await expectError(await create({ kind: 'secret', label: 'x', role: 'partner', scopeNodeId: 'pt_chamber' }, keysOnly.token), 403, 'forbidden');
    expect(await keyCount()).toBe(before);
    const same = await create({ kind: 'secret', label: 'x', role: 'home_admin', scopes: ['keys:manage'] }, keysOnly.token);
    expect(same.status).toBe(201);
  });

  it('counts a publishable key\'s abilities as permissions: a keys:manage-only key cannot mint or rotate one (403)', async () => {
    const keysOnly = await issue({ kind: 'secret', role: 'home_admin', scopes: ['keys:manage'] });
    const before = await keyCount();
    const error = await expectError(await create({ kind: 'publishable', label: 'x', allowedOrigins: ['https://a.example'] }, keysOnly.token), 403, 'forbidden');
    expect(error.message).toMatch(/check_ins:create/);
    expect(error.message).toMatch(/service_requests:create/);
    await expectError(await post('/v1/keys/key_demo_pk/rotate', keysOnly.token), 403, 'forbidden');
    expect(await keyCount()).toBe(before);
    expect((await branchesWith(PK)).status).toBe(200);
    // Sending check-ins and requests for help (members:write, service_requests:write) covers them.
    const senders = await issue({ kind: 'secret', role: 'home_admin', scopes: ['keys:manage', 'members:write', 'service_requests:write'] });
    expect((await create({ kind: 'publishable', label: 'x', allowedOrigins: ['https://a.example'] }, senders.token)).status).toBe(201);
  });

  describe('no key issues one beyond its own node, category or origins (the rule itself, for any caller)', () => {
    const operatorAudit: KeyAudit = (e) => db().insert(auditLog).values({
      tenantId: 'pizhou', at: Date.now(), keyId: 'test', role: null, action: e.action, subjectType: 'key', subjectId: e.subjectId, requestId: 'req_test',
    });
    const caller = (k: Partial<ResolvedKey>): ResolvedKey =>
      ({ id: 'key_caller', tenantId: 'pizhou', kind: 'secret', role: null, scopeNodeId: null, scopes: null, allowedOrigins: [], ...k });
    const secret = (role: string, scopeNodeId: string, more: Record<string, unknown> = {}) => ({ kind: 'secret', label: 'x', role, scopeNodeId, ...more });
    const refused = async (input: unknown, by: ResolvedKey, why: RegExp) => {
      const err = await createKey(db(), 'pizhou', input, 'test', operatorAudit, by).then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(HttpError);
      expect(err).toMatchObject({ status: 403, code: 'forbidden', message: expect.stringMatching(why) });
    };
    const created = (input: unknown, by: ResolvedKey) => createKey(db(), 'pizhou', input, 'test', operatorAudit, by);

    it('a committee secretary: its committee, its branches and stations, not another committee\'s', async () => {
      const changzhou = caller({ role: 'committee_secretary', scopeNodeId: 'cm_changzhou' });
      expect((await created(secret('branch_secretary', 'br_cz_lingjiatang'), changzhou)).scopeNodeId).toBe('br_cz_lingjiatang');
      expect((await created(secret('station_manager', 'st_changzhou'), changzhou)).scopeNodeId).toBe('st_changzhou');
      expect((await created(secret('committee_secretary', 'cm_changzhou'), changzhou)).role).toBe('committee_secretary');
      await refused(secret('branch_secretary', 'br_sz_sip'), changzhou, /br_sz_sip is not within cm_changzhou/);
      await refused(secret('committee_secretary', 'cm_suzhou'), changzhou, /not within/);
      await refused({ kind: 'publishable', label: 'x', allowedOrigins: ['https://a.example'] }, changzhou, /whole tenant/);
    });

    it('a town: the town and its villages, not another town\'s', async () => {
      const town = caller({ role: 'town_staff', scopeNodeId: 'hu_gangshang' });
      expect((await created(secret('village_staff', 'hu_gangshang_bei'), town)).scopeNodeId).toBe('hu_gangshang_bei');
      await refused(secret('village_staff', 'hu_tiefu_yaowan'), town, /not within hu_gangshang/);
      await refused(secret('village_staff', 'hu_gangshang_bei'), caller({ role: 'village_staff', scopeNodeId: 'hu_tiefu_yaowan' }), /not within/);
      await refused(secret('village_staff', 'hu_gangshang_bei'), caller({ role: 'village_staff', scopeNodeId: null }), /reaches no node/);
    });

    it('a partner: its own partner and service category only', async () => {
      const bank = caller({ role: 'partner', scopeNodeId: 'pt_chamber', serviceCategory: 'credit' });
      expect((await created(secret('partner', 'pt_chamber', { serviceCategory: 'credit' }), bank)).serviceCategory).toBe('credit');
      await refused(secret('partner', 'pt_chamber', { serviceCategory: 'legal' }), bank, /legal requests/);
    });

    it('an origin-bound key: only origins it accepts itself', async () => {
      const widget = caller({ kind: 'publishable', allowedOrigins: ['https://portal.example.org', 'http://localhost:*'] });
      const ok = await created({ kind: 'publishable', label: 'x', allowedOrigins: ['https://portal.example.org', 'http://localhost:8080'] }, widget);
      expect(ok.allowedOrigins).toEqual(['https://portal.example.org', 'http://localhost:8080']);
      await refused({ kind: 'publishable', label: 'x', allowedOrigins: ['https://elsewhere.example'] }, widget, /origins/);
      await refused({ kind: 'publishable', label: 'x', allowedOrigins: ['https://portal.example.org:*'] }, widget, /origins/);
    });
  });

  it('treats another tenant\'s key as unknown (404) and leaves it alone', async () => {
    await expectError(await post('/v1/keys/key_other_admin/revoke', SK), 404, 'not_found');
    await expectError(await post('/v1/keys/key_other_admin/rotate', SK), 404, 'not_found');
    expect((await call('/v1/keys', withKey(OTHER_SK))).status).toBe(200);
    await expectError(await post('/v1/keys/key_demo_sk/revoke', OTHER_SK), 404, 'not_found');
  });

  it('documents the routes in OpenAPI', async () => {
    const doc = await (await call('/v1/openapi.json')).json<{ paths: Record<string, Record<string, unknown>> }>();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/keys', '/v1/keys/{id}/rotate', '/v1/keys/{id}/revoke']));
    expect(doc.paths['/v1/keys']).toHaveProperty('post.responses.201');
  });
});
