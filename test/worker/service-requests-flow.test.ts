// The staff flow per role: who sees which requests, who handles them, the status flow, a race
// between two decisions, the partner's reduced view, and the audit trail.
import { env } from 'cloudflare:test';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  auditLog, serviceRequests, stations, volunteerTeams, type ApiError, type IssuedApiKey, type ServiceRequestPage, type StaffServiceRequest, type StaffServiceRequestDetail,
} from '../../schema/index.ts';
import { positionColumns } from '../../schema/tables.ts';
import { listPageQuery } from '../../worker/src/data/service-requests.ts';
import { call, db, expectError, issueTestKey, roleKey, seed, SK, withKey } from './helpers.ts';
import { filed, sharedWith } from './service-request-helpers.ts';
import { checkScopeCopiesAfterEach } from './scope-consistency.ts';

// Every write here leaves every scope copy equal to what it copies (worker/src/data/scope-copies.ts).
checkScopeCopiesAfterEach();

const tokens: Record<string, string> = {};
beforeAll(async () => {
  await seed();
  const roles = {
    changzhouStation: ['station_manager', 'st_changzhou'], suzhouCommittee: ['committee_secretary', 'cm_suzhou'],
    lingjiatang: ['branch_secretary', 'br_cz_lingjiatang'], gangshangBei: ['village_staff', 'hu_gangshang_bei'],
    bankNoCategory: ['partner', 'pt_pizhou_bank'],
  } as const;
  for (const [name, [role, node]] of Object.entries(roles)) tokens[name] = (await roleKey(role, node)).token;
  tokens.bankCredit = (await issueTestKey({ tenantId: 'pizhou', kind: 'secret', role: 'partner', scopeNodeId: 'pt_pizhou_bank', serviceCategory: 'credit' })).token;
});

const send = (token: string, path: string, body?: unknown) => call(`/v1/service-requests${path}`, body === undefined ? withKey(token)
  : { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
const assign = (token: string, id: string, assignee = '政策宣讲志愿队', volunteerTeamId?: string) => send(token, `/${id}/assign`, { assignee, volunteerTeamId });
const resolve = (token: string, id: string) => send(token, `/${id}/resolve`, { resolution: '已当面讲解并提供申报材料清单' });
const close = (token: string, id: string) => send(token, `/${id}/close`, { reason: '本人已回乡，不再需要' });
async function listIds(token: string, query = '') {
  const res = await send(token, `?limit=100${query}`);
  expect(res.status).toBe(200);
  return (await res.json<ServiceRequestPage>()).data.map((r) => r.id);
}

describe('a station manager handles what is routed to the station', () => {
  it('assigns, notes and resolves a Changzhou policy request; the member sees it resolved', async () => {
    const { row, receipt, body } = await filed({ category: 'policy', cityId: 'pizhou_changzhou' });
    const manager = tokens.changzhouStation!;
    expect(await listIds(manager)).toContain(row.id);
    const assigned = await assign(manager, row.id, '金融服务志愿队');
    expect(assigned.status).toBe(200);
    expect(await assigned.json<StaffServiceRequest>()).toMatchObject({ status: 'assigned', assignee: '金融服务志愿队', routedTo: { id: 'st_changzhou' } });
    expect((await send(manager, `/${row.id}/notes`, { text: '已电话联系，约周三到驿站' })).status).toBe(201);
    const resolved = await (await resolve(manager, row.id)).json<StaffServiceRequest>();
    expect(resolved).toMatchObject({ status: 'resolved', resolution: '已当面讲解并提供申报材料清单' });
    expect(resolved.updatedAt).toBeGreaterThanOrEqual(receipt.createdAt);

    const detail = await (await send(manager, `/${row.id}`)).json<StaffServiceRequestDetail>();
    expect(detail.notes.map((n) => [n.text, n.role])).toEqual([['已电话联系，约周三到驿站', 'station_manager']]);
    expect(detail.history.map((h) => h.action)).toEqual(['service_request.create', 'service_request.assign', 'service_request.note', 'service_request.resolve']);
    expect(detail.history[1]!.detail).toMatchObject({ from: 'open', status: 'assigned', assignee: '金融服务志愿队' });

    const status = await call(`/v1/service-requests/status?reference=${receipt.reference}&mobileLast4=${body.mobile.slice(-4)}`, withKey(manager));
    // The resolution's text is what the member reads; notes never leave the staff.
    const shown = await status.text();
    expect(JSON.parse(shown)).toMatchObject({ status: 'resolved', resolution: '已当面讲解并提供申报材料清单', routedTo: { kind: 'station', id: 'st_changzhou' } });
    expect(shown).not.toContain('已电话联系');
  });

  it('assigns one of the station\'s volunteer teams, not another station\'s', async () => {
    const { row } = await filed({ category: 'credit' });
    const error = await expectError(await assign(tokens.changzhouStation!, row.id, '就业帮帮团', 'vt_sz_jobs'), 400, 'validation_failed');
    expect(error.details).toEqual([{ path: 'volunteerTeamId', message: 'Not a volunteer team of st_changzhou.' }]);
    const ok = await (await assign(tokens.changzhouStation!, row.id, '凌家塘红色先锋队', 'vt_cz_market')).json<StaffServiceRequest>();
    expect(ok.volunteerTeam).toEqual({ id: 'vt_cz_market', name: { zh: '凌家塘红色先锋队', en: 'Lingjiatang Vanguard' } });
  });

  it('does not see, and cannot handle, a request routed to Suzhou (404)', async () => {
    const { row } = await filed({ cityId: 'pizhou_suzhou', category: 'employment' });
    const manager = tokens.changzhouStation!;
    expect(await listIds(manager)).not.toContain(row.id);
    await expectError(await send(manager, `/${row.id}`), 404, 'not_found');
    await expectError(await assign(manager, row.id), 404, 'not_found');
    await expectError(await send(manager, `/${row.id}/notes`, { text: 'x' }), 404, 'not_found');
  });
});

describe('the other roles', () => {
  it('the Suzhou committee secretary sees and closes Suzhou requests, not Changzhou ones', async () => {
    const suzhou = await filed({ cityId: 'pizhou_suzhou', category: 'training' });
    const changzhou = await filed({ cityId: 'pizhou_changzhou', category: 'training' });
    const secretary = tokens.suzhouCommittee!;
    const ids = await listIds(secretary);
    expect(ids).toContain(suzhou.row.id);
    expect(ids).toContain('sr_demo_insurance');
    expect(ids).not.toContain(changzhou.row.id);
    const closed = await (await close(secretary, suzhou.row.id)).json<StaffServiceRequest>();
    expect(closed).toMatchObject({ status: 'closed', closeReason: '本人已回乡，不再需要' });
    await expectError(await close(secretary, changzhou.row.id), 404, 'not_found');
  });

  it('a branch secretary reads its members\' requests but does not handle them (403)', async () => {
    const secretary = tokens.lingjiatang!;
    const ids = await listIds(secretary);
    expect(ids).toEqual(expect.arrayContaining(['sr_demo_policy', 'sr_demo_credit'])); // 郑浩 and 张伟 are hosted there
    expect(ids).not.toContain('sr_demo_insurance');
    expect((await send(secretary, '/sr_demo_credit')).status).toBe(200);
    await expectError(await assign(secretary, 'sr_demo_policy'), 403, 'forbidden');
  });

  it('village staff read the requests of their villagers, wherever filed', async () => {
    const { row } = await filed({ cityId: 'pizhou_xian', homeUnitId: 'hu_gangshang_bei' });
    const ids = await listIds(tokens.gangshangBei!);
    expect(ids).toContain(row.id);
    expect(ids).toContain('sr_demo_credit'); // 张伟 is from 港上北村
    expect(ids).not.toContain('sr_demo_insurance');
  });

  it('filters by status, category and station within the scope, newest first, in cursor pages', async () => {
    for (let i = 0; i < 3; i++) await filed({ cityId: 'pizhou_beijing', category: 'hardship' });
    const all = await listIds(SK, '&stationId=st_beijing&category=hardship&status=open');
    expect(all.length).toBeGreaterThanOrEqual(3);
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await send(SK, `?limit=2&stationId=st_beijing&category=hardship&status=open${cursor ? `&cursor=${cursor}` : ''}`);
      const page = await res.json<ServiceRequestPage>();
      paged.push(...page.data.map((r) => r.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual(all);
  });

  it('lists oldest first with order=oldest, in cursor pages, for partners too', async () => {
    for (let i = 0; i < 3; i++) await filed({ cityId: 'pizhou_beijing', category: 'legal' });
    const newest = await listIds(SK, '&stationId=st_beijing&category=legal');
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await send(SK, `?limit=2&order=oldest&stationId=st_beijing&category=legal${cursor ? `&cursor=${cursor}` : ''}`);
      const page = await res.json<ServiceRequestPage>();
      paged.push(...page.data.map((r) => r.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual([...newest].reverse());
    // Order is no field of a record: a partner may ask for it; any other value is a 400.
    expect((await send(tokens.bankCredit!, '?order=oldest')).status).toBe(200);
    await expectError(await send(SK, '?order=random'), 400, 'validation_failed');
  });
});

describe('finding a request by its reference', () => {
  it('lists the one request with that reference (any case) in the scope, and none outside it', async () => {
    const suzhou = await filed({ cityId: 'pizhou_suzhou', category: 'credit', shareWith: sharedWith('pt_pizhou_bank') });
    const reference = suzhou.row.reference.toLowerCase();
    expect(await listIds(SK, `&reference=${reference}`)).toEqual([suzhou.row.id]);
    expect(await listIds(tokens.suzhouCommittee!, `&reference=${reference}`)).toEqual([suzhou.row.id]);
    // A partner finds what was shared with it (its view shows the reference); other filters still apply.
    expect(await listIds(tokens.bankCredit!, `&reference=${reference}`)).toEqual([suzhou.row.id]);
    expect(await listIds(tokens.bankCredit!, `&reference=${reference}&status=closed`)).toEqual([]);
    // Out of scope is the same empty page as unknown.
    expect(await listIds(tokens.changzhouStation!, `&reference=${reference}`)).toEqual([]);
    expect(await listIds(SK, '&reference=SR-00000000')).toEqual([]);
  });

  it('refuses what is not a reference with a 400 naming it', async () => {
    for (const bad of ['GK-7Q4M2X9P', 'SR-123', '%25']) {
      const error = await expectError(await send(SK, `?reference=${bad}`), 400, 'validation_failed');
      expect(error.details).toEqual([expect.objectContaining({ path: 'reference' })]);
    }
  });
});

describe('partners', () => {
  it('a credit key sees only credit requests shared with its partner, and only what was shared', async () => {
    const shared = await filed({ category: 'credit', name: '开店人', shareWith: sharedWith('pt_pizhou_bank') });
    const notShared = await filed({ category: 'credit' });
    const otherCategory = await filed({ category: 'policy', shareWith: sharedWith('pt_pizhou_bank') });
    const bank = tokens.bankCredit!;
    const ids = await listIds(bank);
    expect(ids).toEqual(expect.arrayContaining([shared.row.id, 'sr_demo_credit']));
    expect(ids).not.toContain(notShared.row.id);
    expect(ids).not.toContain(otherCategory.row.id);
    const res = await send(bank, `/${shared.row.id}`);
    const view = await res.json<Record<string, unknown>>();
    expect(Object.keys(view).sort()).toEqual(['category', 'city', 'createdAt', 'description', 'id', 'member', 'reference', 'status', 'updatedAt', 'view']);
    expect(view).toMatchObject({ view: 'partner', member: { name: '开店人', mobile: shared.body.mobile }, city: { id: 'pizhou_changzhou' } });
    await expectError(await send(bank, `/${notShared.row.id}`), 404, 'not_found');
    await expectError(await send(bank, `/${otherCategory.row.id}`), 404, 'not_found');
    await expectError(await assign(bank, shared.row.id), 403, 'forbidden');
  });

  it('a partner filters only on what its view shows: stationId (where a request went) is a 400 naming it', async () => {
    const bank = tokens.bankCredit!;
    const error = await expectError(await send(bank, '?stationId=st_changzhou'), 400, 'validation_failed');
    expect(error.details).toEqual([expect.objectContaining({ path: 'stationId', message: expect.stringMatching(/partner view does not show it/) })]);
    const both = await expectError(await send(bank, '?stationId=st_changzhou&status=open&limit=5'), 400, 'validation_failed');
    expect((both.details as { path: string }[]).map((d) => d.path)).toEqual(['stationId']);
    expect(await listIds(bank, '&category=credit')).toContain('sr_demo_credit');
    expect((await send(bank, '?status=closed')).status).toBe(200);
    expect((await send(SK, '?stationId=st_changzhou')).status).toBe(200);
  });

  it('a partner key without a service category is told so (403)', async () => {
    const error = await expectError(await send(tokens.bankNoCategory!, ''), 403, 'forbidden');
    expect(error.message).toMatch(/service category/);
    await expectError(await send(tokens.bankNoCategory!, '/sr_demo_credit'), 403, 'forbidden');
  });

  it('the category is set on a partner key at creation, and only there', async () => {
    const create = (body: unknown) => call('/v1/keys', { method: 'POST', headers: { Authorization: `Bearer ${SK}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const ok = await create({ kind: 'secret', label: '农商行信贷小组', role: 'partner', scopeNodeId: 'pt_pizhou_bank', serviceCategory: 'credit' });
    expect(ok.status).toBe(201);
    const key = await ok.json<IssuedApiKey>();
    expect(key.serviceCategory).toBe('credit');
    expect(await listIds(key.token)).toContain('sr_demo_credit');
    const error = await expectError(await create({ kind: 'secret', label: 'x', role: 'station_manager', scopeNodeId: 'st_suzhou', serviceCategory: 'credit' }), 400, 'validation_failed');
    expect(error.details).toEqual([{ path: 'serviceCategory', message: 'Only partner keys have a service category.' }]);
  });
});

describe('the status flow', () => {
  it('refuses transitions it does not allow with 409 and the current status', async () => {
    const { row } = await filed();
    const conflict = async (res: Response, status: string) => expect((await expectError(res, 409, 'conflict')).details).toEqual({ status });
    await conflict(await resolve(SK, row.id), 'open');
    expect((await assign(SK, row.id)).status).toBe(200);
    expect((await assign(SK, row.id, '另一位志愿者')).status).toBe(200); // re-assign while assigned
    expect((await resolve(SK, row.id)).status).toBe(200);
    await conflict(await assign(SK, row.id), 'resolved');
    await conflict(await close(SK, row.id), 'resolved');
    await conflict(await resolve(SK, row.id), 'resolved');
    const other = await filed();
    expect((await close(SK, other.row.id)).status).toBe(200);
    await conflict(await assign(SK, other.row.id), 'closed');
  });

  it('lets exactly one of two concurrent decisions win, and audits only the winner', async () => {
    const { row } = await filed();
    expect((await assign(SK, row.id)).status).toBe(200);
    const [a, b] = await Promise.all([resolve(SK, row.id), close(tokens.changzhouStation!, row.id)]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect((await loser.json<ApiError>()).error.details).toMatchObject({ status: expect.stringMatching(/^(resolved|closed)$/) });
    const decisions = await db().select().from(auditLog)
      .where(and(eq(auditLog.subjectId, row.id), eq(auditLog.subjectType, 'service_request')));
    expect(decisions.filter((d) => d.action === 'service_request.resolve' || d.action === 'service_request.close')).toHaveLength(1);
    const [again1, again2] = await Promise.all([resolve(SK, row.id), resolve(SK, row.id)]);
    expect([again1.status, again2.status]).toEqual([409, 409]);
  });
});

describe('audit and query plans', () => {
  it('on D1, changes() in a batch sees the statement before it: the audit of a change that changed nothing is not written', async () => {
    const audit = (marker: string) => env.DB.prepare(`insert into audit_log (tenant_id, at, key_id, role, action, subject_type, subject_id, request_id)
      select 'pizhou', 0, 'k', null, 'service_request.close', 'service_request', 'sr_demo_policy', ? where changes() > 0`).bind(marker);
    const touch = (status: string) => env.DB.prepare(`update service_requests set updated_at = updated_at where id = 'sr_demo_policy' and status = ?`).bind(status);
    await env.DB.batch([touch('resolved'), audit('req_lost')]);
    await env.DB.batch([touch('open'), audit('req_won')]);
    const rows = await db().select({ requestId: auditLog.requestId }).from(auditLog).where(eq(auditLog.subjectId, 'sr_demo_policy'));
    expect(rows.map((r) => r.requestId).filter((id) => id.startsWith('req_lost') || id.startsWith('req_won'))).toEqual(['req_won']);
  });

  it('audits lists with the ids returned, and reads with whether they found one', async () => {
    const res = await send(tokens.changzhouStation!, '?limit=2');
    const page = await res.json<ServiceRequestPage>();
    const requestId = res.headers.get('X-Request-Id')!;
    const [list] = await db().select().from(auditLog).where(eq(auditLog.requestId, requestId));
    expect(list).toMatchObject({ action: 'service_request.list', role: 'station_manager', detail: { ids: page.data.map((r) => r.id), limit: 2 } });
    const read = await send(tokens.changzhouStation!, '/sr_demo_insurance');
    const [entry] = await db().select().from(auditLog).where(eq(auditLog.requestId, read.headers.get('X-Request-Id')!));
    expect(entry).toMatchObject({ action: 'service_request.read', subjectId: 'sr_demo_insurance', detail: { found: false } });
  });

  it.each([
    ['home admin', 'home_admin', null, 'service_requests_tenant_created'],
    ['committee', 'committee_secretary', 'cm_suzhou', 'service_requests_committee_created'],
    ['station', 'station_manager', 'st_changzhou', 'service_requests_station_created'],
    ['village', 'village_staff', 'hu_gangshang_bei', 'service_requests_home_unit_created'],
    ['town', 'town_staff', 'hu_gangshang', 'service_requests_home_town_created'],
    // The members the branch hosts and the requests of check-ins to it: two indexes, merged in order.
    ['branch', 'branch_secretary', 'br_cz_lingjiatang', 'service_requests_member_branch_created', 'service_requests_check_in_branch_created'],
  ] as const)('a %s list seeks its index in order: no scan, no sort', async (_, role, node, ...indexes) => {
    const { key } = await roleKey(role, node);
    const { sql, params } = listPageQuery(db(), key, { limit: 50 }).toSQL();
    const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`).bind(...params).all<{ detail: string }>();
    const text = plan.results.map((r) => r.detail).join('\n');
    for (const index of indexes) expect(text, text).toMatch(new RegExp(`SEARCH service_requests USING (COVERING )?INDEX ${index}`));
    // Only the merged page keys are scanned (a co-routine of a page's rows), never a table.
    expect(text, text).not.toMatch(/TEMP B-TREE|SCAN (?!page\b)/);
  });

  it('a partner\'s list seeks its partner index', async () => {
    const { key } = await roleKey('partner', 'pt_pizhou_bank');
    const { sql, params } = listPageQuery(db(), { ...key, serviceCategory: 'credit' }, { limit: 50 }).toSQL();
    const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`).bind(...params).all<{ detail: string }>();
    const text = plan.results.map((r) => r.detail).join('\n');
    expect(text, text).toMatch(/SEARCH service_requests USING INDEX service_requests_partner_created/);
    expect(text, text).not.toMatch(/TEMP B-TREE|SCAN /);
  });
});

describe('the volunteer team of a request without a station', () => {
  // Added after filing, so that the requests stay routed to the committee and to the home org.
  async function stationWithTeam(id: string, cityId: string, committeeId: string | null) {
    await db().insert(stations).values({
      id, tenantId: 'pizhou', committeeId, cityId, nameZh: id, nameEn: id, addressZh: '某地', addressEn: 'Somewhere', ...positionColumns(34, 109),
    });
    await db().insert(volunteerTeams).values({ id: `vt_${id}`, tenantId: 'pizhou', stationId: id, nameZh: `${id}志愿队`, nameEn: `${id} volunteers` });
    return `vt_${id}`;
  }
  const refused = async (res: Response, message: string) =>
    expect((await expectError(res, 400, 'validation_failed')).details).toEqual([{ path: 'volunteerTeamId', message }]);
  const assigned = async (res: Response) => expect(res.status, await res.clone().text()).toBe(200);

  it("must be a team of a station under the request's committee, else in its city, else none", async () => {
    const toCommittee = (await filed({ cityId: 'pizhou_xian', category: 'legal' })).row;
    const toHome = (await filed({ cityId: 'pizhou_yangzhou', category: 'legal' })).row;
    const noWhere = (await filed({ cityId: 'pizhou_yangzhou', category: 'hardship' })).row;
    expect([toCommittee.stationId, toCommittee.committeeId, toHome.stationId, toHome.committeeId]).toEqual([null, 'cm_xian', null, null]);
    // A request made before routing by city: no station, committee or city.
    await db().update(serviceRequests).set({ cityId: null }).where(eq(serviceRequests.id, noWhere.id));
    const xian = await stationWithTeam('st_xa_hub', 'pizhou_xian', 'cm_xian');
    const yangzhou = await stationWithTeam('st_yz_hub', 'pizhou_yangzhou', null);

    await refused(await assign(SK, toCommittee.id, '凌家塘红色先锋队', 'vt_cz_market'), 'Not a volunteer team of a station under cm_xian.');
    await refused(await assign(SK, toCommittee.id, '某队', yangzhou), 'Not a volunteer team of a station under cm_xian.');
    await assigned(await assign(SK, toCommittee.id, 'st_xa_hub志愿队', xian));

    await refused(await assign(SK, toHome.id, '某队', xian), 'Not a volunteer team of a station in pizhou_yangzhou.');
    await assigned(await assign(SK, toHome.id, 'st_yz_hub志愿队', yangzhou));

    await refused(await assign(SK, noWhere.id, '某队', yangzhou),
      'This request has no station, committee or city, so no volunteer team fits it: assign it to a person, without volunteerTeamId.');
    await assigned(await assign(SK, noWhere.id, '王主任'));
    await refused(await assign(SK, toHome.id, '某队', 'vt_nowhere'), 'Not a volunteer team of a station in pizhou_yangzhou.');
  });
});
