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
    const res = await call('/v1/members/mb_demo_06', withKey(tokens.village!.token, { 'X-Request-Id': 'trace_audit_read_0001' }));
    expect(res.status).toBe(200);
    const [entry] = (await audit('subjectType=member&subjectId=mb_demo_06')).data;
    expect(entry).toMatchObject({
      action: 'member.read', subjectType: 'member', subjectId: 'mb_demo_06', keyId: tokens.village!.id,
      role: 'village_staff', requestId: res.headers.get('X-Request-Id'), correlationId: 'trace_audit_read_0001', detail: { found: true },
    });
    expect(entry!.requestId).toMatch(/^req_[0-9a-f]{32}$/);
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

describe('request ids', () => {
  it('are the server\'s own: two keys sending one X-Request-Id get two request ids, each with that correlation id', async () => {
    const same = { 'X-Request-Id': 'shared_trace_0042' };
    const first = await call('/v1/members/mb_demo_05', withKey(tokens.village!.token, same));
    const second = await call('/v1/members/mb_demo_05', withKey(SK, same));
    expect([first.status, second.status]).toEqual([200, 200]);
    const entries = (await audit('subjectId=mb_demo_05&action=member.read')).data.slice(0, 2).reverse();
    expect(entries.map((e) => [e.keyId, e.requestId, e.correlationId])).toEqual([
      [tokens.village!.id, first.headers.get('X-Request-Id'), 'shared_trace_0042'],
      ['key_demo_sk', second.headers.get('X-Request-Id'), 'shared_trace_0042'],
    ]);
    expect(entries[0]!.requestId).not.toBe(entries[1]!.requestId);
  });

  it('keep no correlation id for a malformed X-Request-Id, or none', async () => {
    const sent: Record<string, string>[] = [{ 'X-Request-Id': 'bad id; drop table' }, { 'X-Request-Id': 'short' }, {}];
    for (const headers of sent) {
      const res = await call('/v1/members/mb_demo_07', withKey(SK, headers));
      const [entry] = (await audit('subjectId=mb_demo_07&action=member.read')).data;
      expect(entry).toMatchObject({ requestId: res.headers.get('X-Request-Id'), correlationId: null });
    }
  });
});

describe('reading keys and the log is audited, in the same batch as the read', () => {
  it('a key listing: key.list with the ids shown and the filters', async () => {
    const res = await call('/v1/keys?limit=2&includeRevoked=true', withKey(SK, { 'X-Request-Id': 'trace_key_list_01' }));
    expect(res.status).toBe(200);
    const page = await res.json<{ data: { id: string }[] }>();
    const [entry] = (await audit('action=key.list')).data;
    expect(entry).toMatchObject({
      keyId: 'key_demo_sk', role: 'home_admin', subjectType: 'key', subjectId: null,
      requestId: res.headers.get('X-Request-Id'), correlationId: 'trace_key_list_01',
      detail: { ids: page.data.map((k) => k.id), filters: { includeRevoked: true }, cursor: null, limit: 2 },
    });
  });

  it('a read of the log: audit.list with the ids of the entries shown', async () => {
    const res = await call('/v1/audit?action=member.read&limit=3', withKey(SK));
    const page = await res.json<AuditPage>();
    expect(page.data.length).toBeGreaterThan(0);
    const [entry] = (await audit('action=audit.list')).data;
    expect(entry).toMatchObject({
      keyId: 'key_demo_sk', subjectType: 'audit', subjectId: null, requestId: res.headers.get('X-Request-Id'),
      detail: { ids: page.data.map((e) => e.id), filters: { action: 'member.read' }, cursor: null, limit: 3 },
    });
  });

  it('no listing without its entry: if the audit insert fails, so does the read', async () => {
    await env.DB.prepare(`CREATE TRIGGER refuse_list_audit BEFORE INSERT ON audit_log
      WHEN NEW.action IN ('key.list', 'audit.list') BEGIN SELECT RAISE(ABORT, 'audit refused'); END`).run();
    try {
      await expectError(await call('/v1/keys', withKey(SK)), 500, 'internal');
      await expectError(await call('/v1/audit', withKey(SK)), 500, 'internal');
    } finally {
      await env.DB.prepare('DROP TRIGGER refuse_list_audit').run();
    }
    expect((await call('/v1/keys', withKey(SK))).status).toBe(200);
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
    expect((await audit('subjectType=station')).data).toEqual([]);
    const reads = (await audit('action=member.read')).data;
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.every((e) => e.action === 'member.read')).toBe(true);
    await expectError(await call('/v1/audit?cursor=abc', withKey(SK)), 400, 'validation_failed');
  });

  it('filters by the key that acted', async () => {
    await call('/v1/members/mb_demo_06', withKey(tokens.village!.token));
    const byVillage = (await audit(`keyId=${tokens.village!.id}`)).data;
    expect(byVillage.length).toBeGreaterThan(0);
    expect(byVillage.every((e) => e.keyId === tokens.village!.id)).toBe(true);
    expect((await audit('keyId=key_nobody')).data).toEqual([]);
    // Keys are no console sessions: no entry of theirs has a user.
    expect((await audit(`userId=${tokens.village!.id}`)).data).toEqual([]);
  });

  it('filters by dates: at or after `from`, before `to`', async () => {
    const before = await audit('limit=1');
    const from = new Date(Date.parse(before.data[0]!.at) + 1).toISOString();
    await new Promise((r) => setTimeout(r, 5));
    await call('/v1/members/mb_demo_08', withKey(SK));
    const since = (await audit(`from=${encodeURIComponent(from)}&subjectId=mb_demo_08`)).data;
    expect(since.map((e) => e.action)).toEqual(['member.read']);
    const sinceAll = (await audit(`from=${encodeURIComponent(from)}`)).data;
    expect(sinceAll.every((e) => Date.parse(e.at) >= Date.parse(from))).toBe(true);
    // Nothing before it was made in the window that ends at `from`.
    expect((await audit(`to=${encodeURIComponent(from)}&subjectId=mb_demo_08`)).data).toEqual([]);
    const until = (await audit(`to=${encodeURIComponent(from)}&limit=100`)).data;
    expect(until.length).toBeGreaterThan(0);
    expect(until.every((e) => Date.parse(e.at) < Date.parse(from))).toBe(true);
    // A time with its offset; a date alone, or no time at all, is refused.
    expect((await audit(`from=${encodeURIComponent('2020-01-01T00:00:00+08:00')}&to=${encodeURIComponent('2020-01-02T00:00:00+08:00')}`)).data).toEqual([]);
    for (const bad of ['from=2026-01-01', 'to=yesterday']) {
      await expectError(await call(`/v1/audit?${bad}`, withKey(SK)), 400, 'validation_failed');
    }
  });
});
