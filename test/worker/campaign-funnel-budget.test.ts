// The funnel reads about a page per node, not the campaign: on the large tenant (province-members.ts,
// 20,000 members) with a letter each, counted as they were made and sent, each role's funnel reads
// only its node's and a page of its children's count rows (EXPLAIN QUERY PLAN: no scan of the
// letters), and a page of the people behind a count reads about the letters it examines. With a
// committee of 300 branches, one of 50, and 260 branches under none (the whole campaign's host side),
// every count row there: a page of 50 children reads what it reads at 50 children, from the first
// page or the middle, on indexes in the children's order; the pages visit each child once, in order.
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Funnel, FunnelSide } from '../../schema/index.ts';
import { funnelFrom, funnelPage, funnelQuery, funnelSql, funnelWalk, type FunnelPage } from '../../worker/src/campaigns/funnel.ts';
import { funnelNode, sideOf, type FunnelNodeRef } from '../../worker/src/campaigns/funnel-scope.ts';
import { letterWalk } from '../../worker/src/campaigns/letter-list.ts';
import { statementOf } from '../../worker/src/campaigns/statements.ts';
import { HttpError } from '../../worker/src/errors.ts';
import { advance, makeCampaign, makeLetters } from './campaign-helpers.ts';
import { BIG, BIG_ROLES, MEMBERS, seedBigTenant } from './province-members.ts';

const C = 'cmp_big';
/** A campaign with a count row for every node and channel of the tenant: each child joins three. */
const COUNTED = 'cmp_big_counted';
const PAGE = 50;
const MANY = 300;
const FEW = 50;
const LOOSE = 260;

const seq = (n: number) => `with recursive seq(n) as (select 0 union all select n + 1 from seq where n + 1 < ${n})`;
const branchColumns = 'id, tenant_id, committee_id, city_id, name_zh, name_en, address_zh, address_en, lat, lng, lat_cell, unit_x, unit_y, unit_z, search_text';
const branchValues = (name: string) => `${name}, 'Branch ' || n, '路', 'Road', 31.5, 120.0, 3150, 0.1, 0.8, 0.5, 'branch'`;

/**
 * Committee bc_many's 300 branches named in pairs out of id order (支部(7n mod 150): a name's two
 * branches by id), bc_few's 50, and 260 under no committee named 委(n mod 130), as the committees
 * 委0 … 委4 are: the host side's merge meets equal names across both tables.
 */
const moreBranches = [
  `insert into committees (id, tenant_id, city_id, name_zh, name_en) values ('bc_many', '${BIG}', 'bcity_0', '多支部的党委', 'Many'), ('bc_few', '${BIG}', 'bcity_1', '少支部的党委', 'Few')`,
  `${seq(MANY)} insert into branches (${branchColumns}) select 'bbm_' || printf('%03d', n), '${BIG}', 'bc_many', 'bcity_0', ${branchValues(`'支部' || ((n * 7) % 150)`)} from seq`,
  `${seq(FEW)} insert into branches (${branchColumns}) select 'bbf_' || printf('%03d', n), '${BIG}', 'bc_few', 'bcity_1', ${branchValues(`'支部' || ((n * 7) % 25)`)} from seq`,
  `${seq(LOOSE)} insert into branches (${branchColumns}) select 'bbn_' || printf('%03d', n), '${BIG}', null, 'bcity_2', ${branchValues(`'委' || (n % 130)`)} from seq`,
];
const channels = `(select 'all' as ch union all select 'print' union all select 'sms')`;
const everyCount = ['branches', 'committees', 'home_units'].map((table) => `insert into campaign_counts (campaign_id, node_id, channel, letters, sent)
  select '${COUNTED}', t.id, ch, 3, 2 from ${table} t, ${channels} where t.tenant_id = '${BIG}'`)
  .concat(`insert into campaign_counts (campaign_id, node_id, channel, letters, sent) select '${COUNTED}', '${BIG}', ch, 1000, 800 from ${channels}`);

beforeAll(async () => {
  const started = Date.now();
  await seedBigTenant();
  await env.DB.batch(moreBranches.map((s) => env.DB.prepare(s)));
  await makeCampaign(C, BIG);
  await makeCampaign(COUNTED, BIG);
  await env.DB.batch(everyCount.map((s) => env.DB.prepare(s)));
  const ids = await makeLetters(C, BIG);
  // Every other letter sent by SMS.
  const sent = ids.filter((_, i) => i % 2 === 0);
  for (let i = 0; i < sent.length; i += 2000) await advance(sent.slice(i, i + 2000), 'sms_sent_at', 'sent', 'sms');
  console.info(`${ids.length} letters made and counted in ${Date.now() - started} ms`);
}, 120_000);

type PlanRow = { id: number; parent: number; detail: string };

async function measure(statement: D1PreparedStatement, text: string, params: unknown[]) {
  const result = await statement.all<Record<string, unknown>>();
  const plan = (await env.DB.prepare(`EXPLAIN QUERY PLAN ${text}`).bind(...params).all<PlanRow>()).results;
  return { results: result.results, rowsRead: result.meta.rows_read, plan: plan.map((r) => r.detail).join('\n'), planRows: plan };
}

const head = { id: C, titleZh: '', titleEn: null, status: 'sent', channels: ['sms'] } satisfies Funnel['campaign'];

/** A page of the funnel as the route reads it, with its rows read and query plan. */
async function page(campaign: string, node: FunnelNodeRef, side: FunnelSide, p: FunnelPage) {
  const { text, params } = funnelSql(campaign, BIG, node, side, p);
  const m = await measure(funnelQuery(env.DB, campaign, BIG, node, side, p), text, params);
  return { ...m, funnel: funnelFrom(head, side, node, null, m.results as never, p.limit) };
}

/**
 * The plan seeks an index for every table and sorts nothing but the page: no SCAN of a table, and a
 * temporary B-tree only for the statement's own ORDER BY (the node and the page's rows) or the host
 * side's merge of its two pages, never inside a read of the children.
 */
function expectPageSeeks(planRows: PlanRow[]) {
  const plan = planRows.map((r) => r.detail).join('\n');
  expect(plan).not.toMatch(/campaign_letters/);
  expect(plan).not.toMatch(/SCAN (home_units|committees|branches|campaign_counts|c)\b/);
  const sorts = planRows.filter((r) => /USE TEMP B-TREE/.test(r.detail));
  const byId = new Map(planRows.map((r) => [r.id, r]));
  for (const sort of sorts) {
    const owner = byId.get(sort.parent);
    expect(owner === undefined || /COMPOUND|MERGE/.test(owner.detail), `a sort inside ${owner?.detail}:\n${plan}`).toBe(true);
  }
}

const cases = [
  ['home_admin', undefined, 'home'], ['home_admin', undefined, 'host'], ['town_staff', undefined, undefined],
  ['village_staff', undefined, undefined], ['committee_secretary', undefined, undefined], ['branch_secretary', undefined, undefined],
] as const;

describe.each(cases)('%s, node %s, side %s:', (role, nodeId, side) => {
  it("reads the node's and a page of its children's count rows only", async () => {
    const key = BIG_ROLES[role];
    const node = await funnelNode(env.DB, key, nodeId);
    const s = sideOf(node, side);
    const { rowsRead, funnel, plan, planRows } = await page(C, node, s, { after: null, limit: PAGE });
    expectPageSeeks(planRows);
    const nodes = 1 + funnel.children.length + (funnel.nextCursor ? 1 : 0);
    const letters = funnel.node.counts.all.letters;
    console.info(`${role} ${side ?? ''}: ${nodes} nodes, ${letters} letters, ${rowsRead} rows read\n${plan}`);
    expect(letters).toBeGreaterThan(0);
    // Each node: itself (by its index) and its three channels' count rows (the primary key), plus the node's own lookup.
    expect(rowsRead).toBeLessThanOrEqual(nodes * 8 + 8);
    if (role === 'home_admin' && side === 'home') expect(letters).toBe(MEMBERS);
    expect(funnel.children.reduce((n, c) => n + c.counts.all.sent, 0)).toBeLessThanOrEqual(funnel.node.counts.all.sent);
  });
});

const committee = (id: string): FunnelNodeRef => ({ id, kind: 'committee', parentId: null, nameZh: '', nameEn: '' });
const tenant: FunnelNodeRef = { id: BIG, kind: 'tenant', parentId: null, nameZh: '大组织', nameEn: 'Big org' };

/** The children as a full sort would give them: by Chinese name, then id (both compared as the database does, by code unit here). */
async function expected(sql: string): Promise<string[]> {
  const rows = (await env.DB.prepare(sql).bind(BIG).all<{ id: string; name_zh: string }>()).results;
  const before = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return rows.sort((a, b) => before(a.name_zh, b.name_zh) || before(a.id, b.id)).map((r) => r.id);
}

/** Every page of `limit` from the first, each after the last one's cursor as the API decodes it. */
async function walk(node: FunnelNodeRef, side: FunnelSide, limit: number) {
  const ids: string[] = [];
  const reads: number[] = [];
  let cursor: string | undefined;
  do {
    const p = await page(COUNTED, node, side, funnelPage(cursor, limit));
    expectPageSeeks(p.planRows);
    expect(p.funnel.node.id).toBe(node.id);
    expect(p.funnel.children.length).toBe(p.funnel.nextCursor ? limit : p.funnel.children.length);
    ids.push(...p.funnel.children.map((c) => c.id));
    reads.push(p.rowsRead);
    cursor = p.funnel.nextCursor ?? undefined;
  } while (cursor);
  return { ids, reads };
}

describe('a node with many children, a page at a time', () => {
  it('reads about a page: the first page of 300 branches as of 50, a middle page the same; all 300 read many times more', async () => {
    const few = await page(COUNTED, committee('bc_few'), 'host', { after: null, limit: PAGE });
    const many = await page(COUNTED, committee('bc_many'), 'host', { after: null, limit: PAGE });
    const middle = await page(COUNTED, committee('bc_many'), 'host', funnelPage(
      (await page(COUNTED, committee('bc_many'), 'host', { after: null, limit: 150 })).funnel.nextCursor!, PAGE));
    const all = await page(COUNTED, committee('bc_many'), 'host', { after: null, limit: 1000 });
    console.info(`a committee's first page of ${PAGE}: ${few.rowsRead} rows read at ${FEW} branches, ${many.rowsRead} at ${MANY}, `
      + `${middle.rowsRead} from the middle; all ${MANY} at once ${all.rowsRead}\n${many.plan}`);
    for (const p of [few, many, middle, all]) expectPageSeeks(p.planRows);
    expect(few.funnel.children).toHaveLength(FEW);
    expect(few.funnel.nextCursor).toBeNull();
    expect(many.funnel.children).toHaveLength(PAGE);
    expect(many.funnel.children[0]!.counts.all).toMatchObject({ letters: 3, sent: 2 });
    // The page after 50 (the 51st child, to know more follow: its entry, row and count rows) and no more.
    expect(many.rowsRead).toBeLessThanOrEqual(few.rowsRead + 8);
    expect(middle.rowsRead).toBeLessThanOrEqual(few.rowsRead + 8);
    expect(many.rowsRead).toBeLessThanOrEqual((PAGE + 2) * 8 + 8);
    expect(all.rowsRead).toBeGreaterThan(5 * many.rowsRead);
  });

  it('visits every child once, in name order then id, a committee\'s branches and the whole campaign\'s host side alike', async () => {
    const branches = await walk(committee('bc_many'), 'host', PAGE);
    expect(branches.ids).toEqual(await expected(`select id, name_zh from branches where tenant_id = ?1 and committee_id = 'bc_many'`));
    expect(branches.reads).toHaveLength(MANY / PAGE);
    const host = await walk(tenant, 'host', PAGE);
    const union = await expected(`select id, name_zh from committees where tenant_id = ?1
      union all select id, name_zh from branches where tenant_id = ?1 and committee_id is null`);
    expect(host.ids).toEqual(union);
    expect(new Set(host.ids).size).toBe(2 + 5 + LOOSE);
    // 多支部的党委, then 委0 twice as a branch and once as the committee, then 委1 (多 < 委 < 少).
    expect(host.ids.slice(0, 5)).toEqual(['bc_many', 'bbn_000', 'bbn_130', 'bc_0', 'bbn_001']);
    console.info(`host side, ${host.ids.length} children in pages of ${PAGE}: rows read ${host.reads.join(', ')}`);
    // The merge reads each side only as far as the page goes: a page, as a committee's.
    for (const rowsRead of host.reads) expect(rowsRead).toBeLessThanOrEqual((PAGE + 2) * 8 + 8);
    const town = await walk({ id: 'bt_0', kind: 'town', parentId: null, nameZh: '', nameEn: '' }, 'home', 3);
    expect(town.ids).toEqual(await expected(`select id, name_zh from home_units where tenant_id = ?1 and parent_id = 'bt_0'`));
  });

  it('the .xlsx walks all the children, a bounded number of pages', async () => {
    const read = async (p: FunnelPage) => (await page(COUNTED, committee('bc_many'), 'host', p)).funnel;
    const whole = await funnelWalk(read, { chunk: 70, chunks: 10 });
    expect(whole.complete).toBe(true);
    expect(whole.funnel.children.map((c) => c.id)).toEqual(await expected(`select id, name_zh from branches where tenant_id = ?1 and committee_id = 'bc_many'`));
    const cut = await funnelWalk(read, { chunk: 70, chunks: 2 });
    expect(cut.complete).toBe(false);
    expect(cut.funnel.children.map((c) => c.id)).toEqual(whole.funnel.children.slice(0, 140).map((c) => c.id));
  });

  it('refuses a cursor it did not make', () => {
    for (const bad of ['abc', btoa('["x"]'), btoa('[1, "x"]'), btoa('{"a":1}')]) {
      expect(() => funnelPage(bad, PAGE)).toThrow(HttpError);
    }
  });
});

describe('the people behind a count', () => {
  it.each([['home_admin', 'not_reported'], ['town_staff', 'sent'], ['village_staff', 'sent'], ['committee_secretary', 'not_reported'], ['branch_secretary', 'sent']] as const)(
    '%s, %s: a page reads the letters it examines, on its node\'s index', async (role, stage) => {
      const node = await funnelNode(env.DB, BIG_ROLES[role], undefined);
      const walk = letterWalk(C, node, { stage, channel: 'all' }, undefined, PAGE + 1);
      const { SQLiteAsyncDialect } = await import('drizzle-orm/sqlite-core');
      const { sql: text, params } = new SQLiteAsyncDialect().sqlToQuery(walk);
      const { results, rowsRead, plan } = await measure(statementOf(env.DB, walk), text, params);
      const shown = results.filter((r) => r.shown === 1).length;
      console.info(`${role} ${stage}: ${results.length} examined, ${shown} shown, ${rowsRead} rows read\n${plan}`);
      expect(results).toHaveLength(PAGE + 1);
      expect(shown).toBeGreaterThan(0);
      expect(plan).not.toMatch(/SCAN (l|campaign_letters)\b/);
      expect(plan).not.toMatch(/USE TEMP B-TREE/);
      // Each examined letter (its index entry, its row, the page kept), and the member, unit and branch of each shown.
      expect(rowsRead).toBeLessThanOrEqual((PAGE + 1) * 3 + shown * 3);
    });
});
