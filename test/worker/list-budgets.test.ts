// Every staff list page reads about one page of rows, in every role's scope, on a large tenant
// (province-members.ts): D1 counts rows read (sort work included), so a scope that reads the
// tenant to find its page would show here. For each role, the first page and a page from the
// middle of its scope, of members, check-ins and service requests, run as the route runs them
// (the page query's SQL on D1, its `meta.rows_read`), and their EXPLAIN QUERY PLAN.
import { env } from 'cloudflare:test';
import { and, asc, desc, eq, not, sql, type SQL } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkIns, CONSENT_COUNT_CAP, members, serviceRequests } from '../../schema/index.ts';
import { auditPageQuery } from '../../worker/src/access/audit.ts';
import { checkInScope, checkInScopeArms } from '../../worker/src/access/check-in-scope.ts';
import { memberScope } from '../../worker/src/access/member-scope.ts';
import { serviceRequestScope, serviceRequestScopeArms } from '../../worker/src/access/service-request-scope.ts';
import { checkInByIdQuery, listPageQuery as checkInPage } from '../../worker/src/data/check-ins.ts';
import { listPageQuery as memberPage, memberByIdQuery } from '../../worker/src/data/members.ts';
import { listPageQuery as requestPage } from '../../worker/src/data/service-requests.ts';
import { consentPageQuery, partnerPageQuery } from '../../worker/src/data/partners.ts';
import { encodeCursor } from '../../worker/src/lib/cursor.ts';
import { db } from './helpers.ts';
import { BIG, BIG_ROLES, CHECK_INS, MEMBERS, REQUESTS, seedBigTenant, T0 } from './province-members.ts';

const PAGE = 50;
/** A page and the one row after it that tells whether more follow. */
const ROWS = PAGE + 1;

/**
 * Rows D1 reads per listed row: the row itself and its joins. Members: home unit and host
 * branch (a partner's page also reads the consent that admits each member). Check-ins: member,
 * branch, member's home unit, previous branch. Service requests: member, home unit, tenant, city,
 * station, committee, partner (team: none assigned here).
 */
const PER_ROW = { member: 3, partnerMember: 4, checkIn: 5, request: 8 };
/**
 * A scope of several arms (a branch or committee: the member hosted there now, the branch checked
 * in to, the branch left) first merges the page's keys: up to a page and one more from each arm's
 * index, and the page of keys itself, read once more as the outer loop joins them.
 */
const mergeCost = (arms: number) => (arms > 1 ? arms * (ROWS + 1) + ROWS : 0);

const roles = BIG_ROLES;
type RoleName = keyof typeof roles;
const roleNames = Object.keys(roles) as RoleName[];

type Query = { toSQL(): { sql: string; params: unknown[] } };
/** The query's rows read and plan; `shown`: how many rows pass `listed`. */
async function measure(query: Query, listed: (row: Record<string, unknown>) => boolean = () => true) {
  const { sql: text, params } = query.toSQL();
  const result = await env.DB.prepare(text).bind(...params).all<Record<string, unknown>>();
  const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${text}`).bind(...params).all<{ detail: string }>();
  return {
    rows: result.results.length, shown: result.results.filter(listed).length, rowsRead: result.meta.rows_read,
    plan: plan.results.map((r) => r.detail).join('\n'),
  };
}

/** No table of the lists is scanned (a scan of `page`, the merged keys, reads only them) and nothing is sorted. */
function expectIndexDriven(plan: string) {
  expect(plan, plan).not.toMatch(/SCAN (members|check_ins|service_requests|branches|partner_consents|audit_log)\b/);
  expect(plan, plan).not.toMatch(/USE TEMP B-TREE FOR ORDER BY/);
}

/** The sort key of a row in the middle of `where`'s rows, newest (or oldest) first (with a page and one after it): a cursor into the scope. */
async function middleOf(table: typeof checkIns | typeof serviceRequests, where: SQL, order: 'newest' | 'oldest' = 'newest') {
  const dir = order === 'oldest' ? asc : desc;
  const [{ n }] = await db().select({ n: sql<number>`count(*)` }).from(table).where(where) as [{ n: number }];
  const [row] = await db().select({ at: table.createdAt, rowid: sql<number>`${table}.rowid` }).from(table).where(where)
    .orderBy(dir(table.createdAt), dir(sql`${table}.rowid`)).limit(1).offset(Math.min(Math.floor(n / 2), n - ROWS - 1));
  return { cursor: encodeCursor([row!.at, row!.rowid]), inScope: n };
}

beforeAll(async () => {
  const started = Date.now();
  await seedBigTenant();
  const [counts] = await env.DB.prepare(`select (select count(*) from members where tenant_id = ?1) m,
    (select count(*) from check_ins where tenant_id = ?1) c, (select count(*) from service_requests where tenant_id = ?1) r`).bind(BIG).all<{ m: number; c: number; r: number }>().then((r) => r.results);
  expect(counts).toEqual({ m: MEMBERS, c: CHECK_INS, r: REQUESTS });
  console.info(`seeded ${MEMBERS} members, ${CHECK_INS} check-ins, ${REQUESTS} requests in ${Date.now() - started} ms`);
}, 60_000);

describe.each(roleNames)('%s', (name) => {
  const k = roles[name];

  it('reads about a page of members, first and middle pages', async () => {
    const perRow = name === 'partner' ? PER_ROW.partnerMember : PER_ROW.member;
    const [{ n }] = await db().select({ n: sql<number>`count(*)` }).from(members).where(memberScope(db(), k)) as [{ n: number }];
    const [middle] = await db().select({ id: members.id }).from(members).where(memberScope(db(), k))
      .orderBy(asc(members.id)).limit(1).offset(Math.floor(n / 2));
    for (const [page, q] of [['first', { limit: PAGE }], ['middle', { limit: PAGE, cursor: encodeCursor([middle!.id]) }]] as const) {
      const m = await measure(memberPage(db(), k, q));
      console.info(`${name} members, ${page} page (${n} in scope): ${m.rowsRead} rows read`);
      expect(m.rows).toBe(ROWS);
      expect(m.rowsRead).toBeLessThanOrEqual(ROWS * perRow);
      expectIndexDriven(m.plan);
    }
  });

  // Filters no index serves mark the members a page examines: a filter that matches no one (no
  // member of the seed is verified or has checked in, none is a student) still reads one page.
  it('reads about a page of members with sparse filters, listing none of them', async () => {
    const perRow = name === 'partner' ? PER_ROW.partnerMember : PER_ROW.member;
    const sparse = name === 'partner'
      ? [{ category: 'student' as const }]
      : [{ verified: true }, { lastCheckInBefore: T0 }, { neverCheckedIn: false }, { category: 'student' as const, verified: false, lastCheckInBefore: T0 }];
    for (const filters of sparse) {
      const m = await measure(memberPage(db(), k, { limit: PAGE, ...filters }), (r) => r.shown === 1);
      console.info(`${name} members by ${JSON.stringify(filters)}: ${m.rowsRead} rows read, ${m.shown} of ${m.rows} examined listed`);
      expect(m.rows).toBe(ROWS);
      expect(m.shown).toBe(0);
      expect(m.rowsRead).toBeLessThanOrEqual(ROWS * perRow);
      expectIndexDriven(m.plan);
    }
  });

  // Partners see no check-ins (checkInScopeArms: none); every other role's page is measured.
  if (name !== 'partner') it('reads about a page of check-ins, first and middle pages', async () => {
    const arms = checkInScopeArms(k).length;
    const { cursor, inScope } = await middleOf(checkIns, checkInScope(db(), k));
    for (const [page, q] of [['first', { limit: PAGE }], ['middle', { limit: PAGE, cursor }]] as const) {
      const m = await measure(checkInPage(db(), k, q));
      console.info(`${name} check-ins, ${page} page (${inScope} in scope, ${arms} arms): ${m.rowsRead} rows read`);
      expect(m.rows).toBe(ROWS);
      expect(m.rowsRead).toBeLessThanOrEqual(ROWS * PER_ROW.checkIn + mergeCost(arms));
      expectIndexDriven(m.plan);
    }
  });

  // The queue: pending ones only (a third of the seed's), through the partial indexes of pending check-ins.
  if (name !== 'partner') it('reads about a page of the pending queue, first and middle pages', async () => {
    const arms = checkInScopeArms(k).length;
    const { cursor, inScope } = await middleOf(checkIns, and(checkInScope(db(), k), eq(checkIns.status, 'pending'))!);
    for (const [page, q] of [['first', { limit: PAGE, status: 'pending' }], ['middle', { limit: PAGE, status: 'pending', cursor }]] as const) {
      const m = await measure(checkInPage(db(), k, q));
      console.info(`${name} pending check-ins, ${page} page (${inScope} in scope, ${arms} arms): ${m.rowsRead} rows read`);
      expect(m.rows).toBe(ROWS);
      expect(m.rowsRead).toBeLessThanOrEqual(ROWS * PER_ROW.checkIn + mergeCost(arms));
      expect(m.plan, m.plan).toMatch(/INDEX check_ins_pending_/);
      expectIndexDriven(m.plan);
    }
  });

  it('reads about a page of service requests, first and middle pages', async () => {
    const arms = serviceRequestScopeArms(k).length;
    const { cursor, inScope } = await middleOf(serviceRequests, serviceRequestScope(db(), k));
    const { cursor: fromOldest } = await middleOf(serviceRequests, serviceRequestScope(db(), k), 'oldest');
    const pages = [
      ['first', { limit: PAGE }], ['middle', { limit: PAGE, cursor }],
      // Oldest first reads the same indexes the other way.
      ['oldest first', { limit: PAGE, order: 'oldest' }], ['oldest-first middle', { limit: PAGE, cursor: fromOldest, order: 'oldest' }],
    ] as const;
    for (const [page, q] of pages) {
      const m = await measure(requestPage(db(), k, q));
      console.info(`${name} requests, ${page} page (${inScope} in scope, ${arms} arms): ${m.rowsRead} rows read`);
      expect(m.rows).toBe(ROWS);
      expect(m.rowsRead).toBeLessThanOrEqual(ROWS * PER_ROW.request + mergeCost(arms));
      expectIndexDriven(m.plan);
    }
  });

  it('reads one request by its reference, through its unique index, in scope or not', async () => {
    const [inScope] = await db().select({ reference: serviceRequests.reference }).from(serviceRequests).where(serviceRequestScope(db(), k)).limit(1);
    const [outside] = await db().select({ reference: serviceRequests.reference }).from(serviceRequests)
      .where(and(eq(serviceRequests.tenantId, BIG), not(serviceRequestScope(db(), k)))).limit(1);
    for (const [which, reference, found] of [['in scope', inScope!.reference, 1], ['outside', outside?.reference, 0]] as const) {
      if (reference === undefined) continue; // the home admin sees every request
      const m = await measure(requestPage(db(), k, { limit: PAGE, reference }));
      console.info(`${name} request by reference ${which}: ${m.rows} found, ${m.rowsRead} rows read`);
      expect(m.rows).toBe(found);
      expect(m.rowsRead).toBeLessThanOrEqual(PER_ROW.request + 1);
      expect(m.plan, m.plan).toContain('service_requests_reference');
      expectIndexDriven(m.plan);
    }
  });

  it('reads a handful of rows for one member and one check-in by id', async () => {
    const [member] = await db().select({ id: members.id }).from(members).where(memberScope(db(), k)).limit(1);
    const m = await measure(memberByIdQuery(db(), k, member!.id));
    console.info(`${name} member by id: ${m.rowsRead} rows read`);
    expect(m.rows).toBe(1);
    expect(m.rowsRead).toBeLessThanOrEqual(PER_ROW.partnerMember);
    expectIndexDriven(m.plan);
    if (name === 'partner') return expect(checkInScopeArms(k)).toEqual([]); // partners see no check-ins
    const [checkIn] = await db().select({ id: checkIns.id }).from(checkIns).where(checkInScope(db(), k)).limit(1);
    const c = await measure(checkInByIdQuery(db(), k, checkIn!.id));
    console.info(`${name} check-in by id: ${c.rowsRead} rows read`);
    expect(c.rows).toBe(1);
    expect(c.rowsRead).toBeLessThanOrEqual(PER_ROW.checkIn);
    expectIndexDriven(c.plan);
  });
});

/**
 * The queue's search walks the index of what it searches (reference, member by mobile, submitted
 * name), never the scope: a reference or a mobile reads a handful of rows, a name every check-in
 * in the tenant whose submitted name starts with it (each read once), wherever the caller sits.
 */
describe.each(roleNames.filter((n) => n !== 'partner'))('%s searching check-ins', (name) => {
  const k = roles[name];
  it('reads the matches, through the search\'s index', async () => {
    const [inScope] = await db().select({ reference: checkIns.reference, mobile: members.mobile, name: checkIns.submittedName })
      .from(checkIns).innerJoin(members, sql`${members.id} = ${checkIns.memberId}`).where(checkInScope(db(), k)).limit(1);
    const prefix = inScope!.name.slice(0, 5); // 成员 and three digits: about a thousandth of the tenant
    const [{ n: named }] = await db().select({ n: sql<number>`count(*)` }).from(checkIns)
      .where(sql`${checkIns.tenantId} = ${BIG} and substr(${checkIns.submittedName}, 1, 5) = ${prefix}`) as [{ n: number }];
    for (const [by, q, index, budget] of [
      ['reference', inScope!.reference, 'check_ins_reference', PER_ROW.checkIn + 1],
      ['mobile', inScope!.mobile, 'check_ins_member', 4 * PER_ROW.checkIn],
      ['name', prefix, 'check_ins_submitted_name', named * (PER_ROW.checkIn + 1)],
    ] as const) {
      const m = await measure(checkInPage(db(), k, { limit: PAGE, q }));
      console.info(`${name} search by ${by} (${by === 'name' ? named : 1} in the tenant): ${m.rows} found, ${m.rowsRead} rows read`);
      expect(m.rows).toBeGreaterThan(0);
      expect(m.rowsRead).toBeLessThanOrEqual(budget);
      expect(m.plan, m.plan).toContain(index);
      expect(m.plan, m.plan).not.toMatch(/SCAN (members|check_ins)\b/);
    }
  });
});

describe('the audit log', () => {
  const ENTRIES = 30_000;
  const T_AUDIT = Date.UTC(2026, 0, 1);
  /** The time of entry n, as the API takes it. */
  const at = (n: number) => new Date(T_AUDIT + n).toISOString();
  const types = ['member', 'check_in', 'service_request', 'key', 'station'];
  beforeAll(async () => {
    // Entry n: subject type n mod 5, one of 200 subjects of it, a read; one in 1,000 a key revocation;
    // one of 7 keys, and in one of 3 a console session of one of 11 users; a millisecond after entry n - 1.
    await env.DB.prepare(`with recursive seq(n) as (select 0 union all select n + 1 from seq where n + 1 < ${ENTRIES})
      insert into audit_log (tenant_id, at, key_id, user_id, role, action, subject_type, subject_id, request_id)
      select ?1, ${T_AUDIT} + n, 'key_big_' || (n % 7), case when n % 3 = 0 then 'su_' || (n % 11) else null end, 'home_admin',
        case when n % 1000 = 3 then 'key.revoke' else json_extract(?2, '$[' || (n % 5) || ']') || '.read' end,
        json_extract(?2, '$[' || (n % 5) || ']'), json_extract(?2, '$[' || (n % 5) || ']') || '_' || ((n / 5) % 200), 'req_big' from seq`)
      .bind(BIG, JSON.stringify(types)).run();
  }, 60_000);

  it.each([
    ['no filter', {}],
    ['a subject type', { subjectType: 'station' }],
    ['a subject', { subjectType: 'member', subjectId: 'member_17' }],
    ['a subject id alone', { subjectId: 'check_in_42' }],
    ['a rare action', { action: 'key.revoke' }],
    ['an action and a type', { action: 'key.revoke', subjectType: 'key' }],
    ['a subject and an action', { subjectId: 'member_17', action: 'member.read' }],
    ['a user', { userId: 'su_4' }],
    ['a key', { keyId: 'key_big_3' }],
    ['a date range', { from: at(10_000), to: at(20_000) }],
    ['a rare action in a date range', { action: 'key.revoke', from: at(10_000), to: at(20_000) }],
    ['a subject type since a date', { subjectType: 'station', from: at(25_000) }],
    ['a key before a date', { keyId: 'key_big_3', to: at(5_000) }],
  ] as const)('pages newest first by %s through an index, reading about the page', async (_, filters) => {
    const first = await measure(auditPageQuery(db(), BIG, { ...filters, limit: PAGE }));
    // A cursor into the middle: the id of the matching entry halfway down.
    const { sql: text, params } = auditPageQuery(db(), BIG, { ...filters, limit: ENTRIES }).toSQL();
    const all = (await env.DB.prepare(text).bind(...params).all<{ id: number }>()).results;
    const middle = await measure(auditPageQuery(db(), BIG, { ...filters, limit: PAGE, cursor: String(all[Math.floor(all.length / 2)]!.id) }));
    console.info(`audit by ${JSON.stringify(filters)} (${all.length} match): ${first.rowsRead} and ${middle.rowsRead} rows read`);
    for (const m of [first, middle]) {
      expect(m.rows).toBeGreaterThan(0);
      // The page's entries (and the one after), each read once: no entry of another filter. A date
      // bound costs one index entry, the first at or after it.
      const bounds = ['from', 'to'].filter((b) => b in filters).length;
      expect(m.rowsRead).toBeLessThanOrEqual(m.rows + 1 + bounds);
      expectIndexDriven(m.plan);
    }
  });
});

describe('partners and their consents', () => {
  const CAPPED = CONSENT_COUNT_CAP + 500;
  beforeAll(async () => {
    // A second chamber with more consents than are counted: one member in 13 of them withdrew.
    await env.DB.batch([
      env.DB.prepare(`insert into partners (id, tenant_id, name_zh, name_en) values ('bp_1', ?1, '大商会', 'Big chamber')`).bind(BIG),
      env.DB.prepare(`with recursive seq(n) as (select 0 union all select n + 1 from seq where n + 1 < ${CAPPED})
        insert into partner_consents (tenant_id, partner_id, member_id, consent_version, granted_at, withdrawn_at)
        select ?1, 'bp_1', 'bm_' || printf('%05d', n * 13), 'partner-share-v1', ${T0}, case when n % 13 = 5 then ${T0 + 1} else null end from seq`).bind(BIG),
    ]);
  });

  it('counts each partner\'s consents up to the cap, reading no more than it counts', async () => {
    const m = await measure(partnerPageQuery(db(), BIG, { limit: 50 }));
    const rows = (await partnerPageQuery(db(), BIG, { limit: 50 })) as { id: string; live: number; total: number }[];
    console.info(`partners: ${m.rowsRead} rows read for ${JSON.stringify(rows.map((r) => [r.id, r.live, r.total]))}`);
    // bp_0: 500 consents, 50 withdrawn (province-members.ts); bp_1 counted to the cap and one more.
    expect(rows.map((r) => [r.id, r.live, r.total])).toEqual([['bp_0', 450, 500], ['bp_1', CONSENT_COUNT_CAP + 1, CONSENT_COUNT_CAP + 1]]);
    // Each partner, each live consent counted and looked up, each consent counted once more.
    expect(m.rowsRead).toBeLessThanOrEqual(rows.reduce((sum, r) => sum + 1 + 2 * r.live + r.total, 0));
    expect(m.plan, m.plan).toMatch(/partner_consents_live/);
    expectIndexDriven(m.plan);
  });

  it('reads about a page of a partner\'s consents, first and middle pages', async () => {
    const [middle] = (await env.DB.prepare(`select member_id from partner_consents where tenant_id = ?1 and partner_id = 'bp_1'
      order by member_id limit 1 offset ${CAPPED / 2}`).bind(BIG).all<{ member_id: string }>()).results;
    for (const q of [{ limit: PAGE }, { limit: PAGE, cursor: encodeCursor([middle!.member_id]) }]) {
      const m = await measure(consentPageQuery(db(), BIG, 'bp_1', q));
      console.info(`consents of bp_1: ${m.rowsRead} rows read`);
      expect(m.rows).toBe(ROWS);
      // The consent and its member.
      expect(m.rowsRead).toBeLessThanOrEqual(ROWS * 2);
      expectIndexDriven(m.plan);
    }
  });
});
