import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { type AuditPage, type Role } from '../../schema/index.ts';
import { call, expectError, roleKey, seed, SK, withKey } from './helpers.ts';

const tokens: Record<string, { token: string; id: string }> = {};
async function addKey(name: string, role: Role, scopeNodeId: string | null) {
  const { token, key } = await roleKey(role, scopeNodeId);
  tokens[name] = { token, id: key.id };
}

beforeAll(async () => {
  await seed();
  await addKey('village', 'village_staff', 'hu_gangshang_bei');
  await addKey('suzhou', 'committee_secretary', 'cm_suzhou');
  await addKey('chamber', 'partner', 'pt_cz_chamber');
});

const audit = async (query = '') => {
  const res = await call(`/v1/audit?${query}`, withKey(SK));
  expect(res.status).toBe(200);
  return res.json<AuditPage>();
};

describe('reads are audited', () => {
  it('a member read: who, what, when, which request', async () => {
    const before = Date.now();
    const res = await call('/v1/members/mb_demo_06', withKey(tokens.village!.token, { 'X-Request-Id': 'req_audit_read_0001' }));
    expect(res.status).toBe(200);
    const [entry] = (await audit('subjectType=member&subjectId=mb_demo_06')).data;
    expect(entry).toMatchObject({
      action: 'member.read', subjectType: 'member', subjectId: 'mb_demo_06', keyId: tokens.village!.id,
      role: 'village_staff', requestId: 'req_audit_read_0001', detail: { found: true },
    });
    expect(Date.parse(entry!.at)).toBeGreaterThanOrEqual(before - 1000);
  });

  it('an out-of-scope attempt is recorded too, as not found', async () => {
    await expectError(await call('/v1/members/mb_demo_01', withKey(tokens.suzhou!.token)), 404, 'not_found');
    const [entry] = (await audit('subjectId=mb_demo_01&action=member.read')).data;
    expect(entry).toMatchObject({ keyId: tokens.suzhou!.id, role: 'committee_secretary', detail: { found: false } });
  });

  it('a list: one entry with the ids returned and the filters', async () => {
    const res = await call('/v1/members?category=worker&limit=2', withKey(tokens.village!.token));
    const requestId = res.headers.get('X-Request-Id');
    const [entry] = (await audit('action=member.list')).data;
    expect(entry).toMatchObject({
      keyId: tokens.village!.id, subjectId: null, requestId,
      detail: { ids: ['mb_demo_05'], filters: { category: 'worker' }, cursor: null, limit: 2 },
    });
  });

  it('a partner\'s list names only the consenting members it got', async () => {
    await call('/v1/members', withKey(tokens.chamber!.token));
    const [entry] = (await audit('action=member.list')).data;
    expect(entry).toMatchObject({ role: 'partner', detail: { ids: ['mb_demo_01', 'mb_demo_09'] } });
  });
});

describe('the log is append-only', () => {
  it('refuses UPDATE and DELETE, whoever holds the database', async () => {
    await call('/v1/members/mb_demo_02', withKey(SK));
    await expect(env.DB.prepare("UPDATE audit_log SET action = 'nothing'").run()).rejects.toThrow(/append-only/);
    await expect(env.DB.prepare('DELETE FROM audit_log').run()).rejects.toThrow(/append-only/);
    expect((await audit('subjectId=mb_demo_02')).data[0]?.action).toBe('member.read');
  });

  it('has no route that changes or deletes an entry', async () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      expect((await call('/v1/audit', { method, ...withKey(SK) })).status).toBe(404);
    }
  });
});

describe('GET /v1/audit', () => {
  it('is for home admins only', async () => {
    for (const name of ['village', 'suzhou', 'chamber']) {
      await expectError(await call('/v1/audit', withKey(tokens[name]!.token)), 403, 'forbidden');
    }
  });

  it('pages newest first with a cursor, every entry once', async () => {
    for (let i = 0; i < 3; i++) await call('/v1/members?limit=1', withKey(SK));
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: AuditPage = await audit(`limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.data.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...seen].sort((a, b) => b - a));
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(7);
  });

  it('filters by subject type, subject and action', async () => {
    expect((await audit('subjectType=key')).data).toEqual([]);
    const reads = (await audit('action=member.read')).data;
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.every((e) => e.action === 'member.read')).toBe(true);
    await expectError(await call('/v1/audit?cursor=abc', withKey(SK)), 400, 'validation_failed');
  });
});
