// Branch text search must not read the tenant's branch table: on 10,000 branches named in
// Chinese and English, every query shape seeks the gram index (never a SCAN of branches), reads
// about a page of D1 rows (at worst, for a rare query of common bigrams, the postings of its
// rarest bigram), and answers exactly as today's LIKE over all the tenant's branches.
import { env } from 'cloudflare:test';
import { eq } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { branches, hostCities, positionColumns, tenants, type BranchPage } from '../../schema/index.ts';
import { searchBranches, searchBranchesQuery } from '../../worker/src/data/branches.ts';
import { call, db, expectError, seed, SK, withKey } from './helpers.ts';
import { PROVINCE, realisticBranchNames, seedProvince } from './province.ts';

type Query = { q: string; city?: string; cursor?: string; limit: number };
const CHANGZHOU = `${PROVINCE}_changzhou`;
const OTHER = 'other_tenant';

/** Branches whose text holds LIKE's and FTS's special characters, and one written without lower-casing. */
const ODD_BRANCHES: [string, string][] = [
  ['pv_odd_percent', '满意度100% a_b c\\d 50%off'],
  ['pv_odd_quotes', `"quoted" name 'single' near(x y) or * -minus ^start col:on {brace}`],
  ['pv_odd_case', 'MiXeD Case Köln ÄRZTE'],
];

beforeAll(async () => {
  expect(await seedProvince(realisticBranchNames)).toBe(10_000);
  const odd = (id: string, tenantId: string, cityId: string, searchText: string) => ({
    id, tenantId, cityId, nameZh: id, nameEn: id, addressZh: '某路', addressEn: 'Some road', ...positionColumns(31.8, 119.9), searchText,
  });
  await db().insert(tenants).values({ id: OTHER, nameZh: '别的组织', nameEn: 'Another org' });
  await db().insert(hostCities).values({
    id: `${OTHER}_changzhou`, tenantId: OTHER, nameZh: '常州', nameEn: 'Changzhou', provinceZh: '江苏', provinceEn: 'Jiangsu', lat: 31.8, lng: 119.9,
  });
  await db().insert(branches).values([
    ...ODD_BRANCHES.map(([id, text]) => odd(id, PROVINCE, CHANGZHOU, text)),
    odd('ot_zhonglou', OTHER, `${OTHER}_changzhou`, '常州钟楼凌家塘市场流动党员党支部 lingjiatang market branch'),
  ]);
  await seed(); // the Pizhou tenant, for the API's checks
}, 180_000);

/** The search's SQL run on D1 directly, for its rows-read figure. */
async function measured(query: Query, tenantId = PROVINCE) {
  const { sql, params } = searchBranchesQuery(db(), tenantId, query).toSQL();
  const result = await env.DB.prepare(sql).bind(...params).all<{ id: string }>();
  return { ids: result.results.map((r) => r.id), rowsRead: result.meta.rows_read };
}

/**
 * Today's query: LIKE over the tenant's branches in (city, id) order, as a page (city and limit)
 * or all of it; null if D1 refuses the pattern (over 50 bytes).
 */
async function likeScan(q: string, tenantId = PROVINCE, page?: { city?: string; limit: number }) {
  const pattern = `%${q.toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
  if (new TextEncoder().encode(pattern).length > 50) return null;
  const city = page?.city ? 'AND b.city_id = ?4' : 'AND ?4 IS NULL';
  const result = await env.DB.prepare(`SELECT b.id, b.city_id FROM branches b
    LEFT JOIN committees c ON c.id = b.committee_id INNER JOIN host_cities h ON h.id = b.city_id
    WHERE b.tenant_id = ?1 AND b.search_text LIKE ?2 ESCAPE '\\' ${city}
    ORDER BY b.city_id, b.id LIMIT ?3`).bind(tenantId, pattern, page ? page.limit + 1 : -1, page?.city ?? null)
    .all<{ id: string; city_id: string }>();
  return { rows: result.results, rowsRead: result.meta.rows_read };
}

/** Every branch of a tenant, in (city, id) order; kept until a test writes to branches. */
const everyBranch = new Map<string, { id: string; city_id: string; search_text: string }[]>();
async function branchesOf(tenantId: string) {
  if (!everyBranch.has(tenantId)) {
    everyBranch.set(tenantId, (await env.DB.prepare('SELECT id, city_id, search_text FROM branches WHERE tenant_id = ? ORDER BY city_id, id')
      .bind(tenantId).all<{ id: string; city_id: string; search_text: string }>()).results);
  }
  return everyBranch.get(tenantId)!;
}

/** The reference: every branch of the tenant matched as LIKE '%q%' matches (Latin letters in either case). */
async function bruteForce(q: string, tenantId = PROVINCE) {
  const foldLatin = (text: string) => text.replace(/[A-Z]/g, (ch) => ch.toLowerCase());
  const rows = (await branchesOf(tenantId)).filter((r) => foldLatin(r.search_text).includes(q.toLowerCase()));
  const like = await likeScan(q, tenantId);
  if (like) expect(rows.map((r) => r.id), `LIKE agrees with the reference for ${q}`).toEqual(like.rows.map((r) => r.id));
  return rows;
}

/** Up to `pages` pages of the search, following nextCursor, checked against the reference. */
async function expectSameAsLike(query: Omit<Query, 'cursor'>, pages = 2, tenantId = PROVINCE) {
  const expected = (await bruteForce(query.q, tenantId)).filter((r) => !query.city || r.city_id === query.city).map((r) => r.id);
  const seen: string[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < pages; i++) {
    const page = await searchBranches(db(), tenantId, { ...query, cursor });
    seen.push(...page.data.map((b) => b.id));
    expect(page.nextCursor === null, `q=${JSON.stringify(query.q)}: a next page exactly when more match`).toBe(seen.length === expected.length);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  expect(seen, `q=${JSON.stringify(query.q)} city=${query.city ?? ''}`).toEqual(expected.slice(0, seen.length));
  return expected.length;
}

async function planOf(query: Query): Promise<{ parent: number; detail: string }[]> {
  const { sql, params } = searchBranchesQuery(db(), PROVINCE, query).toSQL();
  return (await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`).bind(...params).all<{ parent: number; detail: string }>()).results;
}

// Each shape: its query, and the rows it may read (about a page: a posting, a branch and a city
// per row, plus the gram counts; `limit + 1` rows are read to know if more follow).
const SHAPES: { name: string; query: Query; budget: number }[] = [
  { name: '2-character Chinese (常州)', query: { q: '常州', limit: 20 }, budget: 80 },
  { name: '2-character Chinese (钟楼)', query: { q: '钟楼', limit: 20 }, budget: 80 },
  { name: '1 character (凌)', query: { q: '凌', limit: 20 }, budget: 80 },
  { name: '3+ characters (常州钟楼)', query: { q: '常州钟楼', limit: 20 }, budget: 100 },
  { name: '3+ characters (凌家塘市场)', query: { q: '凌家塘市场', limit: 20 }, budget: 100 },
  { name: 'an English word (Minhang)', query: { q: 'Minhang', limit: 20 }, budget: 130 },
  { name: 'English words (garment city branch)', query: { q: 'garment city branch', limit: 20 }, budget: 120 },
  { name: 'matching nothing (Ürümqi)', query: { q: 'Ürümqi', limit: 20 }, budget: 20 },
  { name: 'matching nothing (党支部xyz)', query: { q: '党支部xyz', limit: 20 }, budget: 40 },
  { name: 'very common, limit 50 (党支部)', query: { q: '党支部', limit: 50 }, budget: 170 },
  { name: 'very common, limit 50 (branch)', query: { q: 'branch', limit: 50 }, budget: 170 },
  { name: 'very common 1 character, limit 50 (号)', query: { q: '号', limit: 50 }, budget: 170 },
  { name: 'with a city (市场 in Suzhou)', query: { q: '市场', city: `${PROVINCE}_suzhou`, limit: 20 }, budget: 80 },
  { name: 'with a city that has no match (常州 in Suzhou)', query: { q: '常州', city: `${PROVINCE}_suzhou`, limit: 20 }, budget: 10 },
];

describe('text search on 10,000 branches', () => {
  for (const { name, query, budget } of SHAPES) {
    it(`${name}: at most ${budget} rows read, the same page as LIKE over every branch`, async () => {
      const result = await measured(query);
      const today = await likeScan(query.q, PROVINCE, query);
      const expected = (await bruteForce(query.q)).filter((r) => !query.city || r.city_id === query.city).map((r) => r.id);
      expect(result.ids).toEqual(expected.slice(0, query.limit + 1));
      expect(result.rowsRead).toBeLessThanOrEqual(budget);
      console.info(`q=${query.q}${query.city ? ` city=${query.city}` : ''} limit ${query.limit}: ${expected.length} match, `
        + `${result.rowsRead} rows read (today's LIKE: ${today!.rowsRead})`);
    });
  }

  it('reads at most the postings of the rarest bigram, twice, when a rare query has only common bigrams', async () => {
    // yangzhou: its rarest bigram, ya, is also in the Yanling and Qingyang Roads of every city before Yangzhou.
    for (const q of ['yangzhou', 'yanling west road, tianning']) {
      const bigrams = [...new Set(Array.from(q).slice(1).map((ch, i) => `${q[i]}${ch}`))];
      const counts = await env.DB.prepare('SELECT min(branches) AS n FROM branch_text_gram_counts WHERE tenant_id = ? AND gram IN (SELECT value FROM json_each(?))')
        .bind(PROVINCE, JSON.stringify(bigrams)).first<number>('n');
      const result = await measured({ q, limit: 20 });
      expect(result.ids).toEqual((await bruteForce(q)).slice(0, 21).map((r) => r.id));
      expect(result.rowsRead).toBeLessThanOrEqual(2 * counts! + 3 * 21 + 3 * bigrams.length);
      console.info(`q=${q} limit 20: ${result.rowsRead} rows read; its rarest bigram is in ${counts} branches (today's LIKE: ${(await likeScan(q, PROVINCE, { limit: 20 }))!.rowsRead})`);
    }
  });

  it('reads a page for a later page of a very common query too (cursor)', async () => {
    const first = await searchBranches(db(), PROVINCE, { q: '党支部', limit: 50 });
    const cursor = first.nextCursor!;
    const result = await measured({ q: '党支部', limit: 50, cursor });
    expect(result.rowsRead).toBeLessThanOrEqual(170);
    await expectSameAsLike({ q: '党支部', limit: 50 }, 3);
  });

  it('seeks the gram index for every shape, never scans branches, never sorts the page (EXPLAIN QUERY PLAN)', async () => {
    const cursor = (await searchBranches(db(), PROVINCE, { q: '常州', limit: 5 })).nextCursor!;
    for (const query of [...SHAPES.map((s) => s.query), { q: '常州', limit: 5, cursor }, { q: '市场', city: CHANGZHOU, limit: 5, cursor }]) {
      const plan = await planOf(query);
      const text = plan.map((p) => p.detail).join('\n');
      expect(text, query.q).toMatch(/SEARCH branch_text_grams USING PRIMARY KEY \(tenant_id=\? AND gram=\?/);
      expect(text, query.q).toMatch(/SEARCH branches USING INDEX sqlite_autoindex_branches_1 \(id=\?\)/);
      expect(text, query.q).not.toMatch(/SCAN (branches|branch_text_grams)\b/);
      // The only sort is of the query's own grams, inside the subquery that picks the rarest.
      expect(plan.filter((p) => p.parent === 0 && /TEMP B-TREE/.test(p.detail)), query.q).toEqual([]);
      if (query.city) expect(text).toMatch(/gram=\? AND city_id=\?/);
      else if (query.cursor) expect(text).toMatch(/gram=\? AND \(city_id,branch_id\)>\(\?,\?\)/);
    }
  });

  it('answers random queries exactly as LIKE does, page after page', async () => {
    const all = (await env.DB.prepare('SELECT search_text FROM branches WHERE tenant_id = ?').bind(PROVINCE).all<{ search_text: string }>()).results;
    const next = ((s: number) => () => ((s = (s * 16_807) % 2_147_483_647) / 2_147_483_647))(11);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
    const cities = [undefined, undefined, CHANGZHOU, `${PROVINCE}_xian`];
    let matched = 0;
    for (let i = 0; i < 60; i++) {
      const chars = Array.from(pick(all).search_text);
      const length = 1 + Math.floor(next() * 6);
      const start = Math.floor(next() * Math.max(1, chars.length - length));
      let q = chars.slice(start, start + length).join('').trim();
      if (next() < 0.3) q = q.toUpperCase(); // Latin letters match whatever their case
      if (next() < 0.2) q = `${q}${pick(['x', '号', '9', ' ', '州'])}`; // often no longer matches
      if (!q) continue;
      if ((await expectSameAsLike({ q, city: pick(cities), limit: 1 + Math.floor(next() * 30) })) > 0) matched++;
    }
    expect(matched).toBeGreaterThan(30);
  }, 60_000);

  it('keeps to the tenant', async () => {
    expect((await bruteForce('常州钟楼凌家塘', OTHER)).map((r) => r.id)).toEqual(['ot_zhonglou']);
    const province = await searchBranches(db(), PROVINCE, { q: 'lingjiatang market', limit: 100 });
    expect(province.data.length).toBeGreaterThan(0);
    expect(province.data.every((b) => b.id.startsWith('pv_'))).toBe(true);
    await expectSameAsLike({ q: 'lingjiatang market', limit: 100 }, 20);
    const other = await measured({ q: '常州钟楼', limit: 20 }, OTHER);
    expect(other.ids).toEqual(['ot_zhonglou']);
    expect(other.rowsRead).toBeLessThanOrEqual(20);
  });
});

describe('q is plain text', () => {
  const LITERALS = ['%', '_', '100%', '1%0', 'a_b', 'a%b', '0%o', 'c\\d', '\\', "'", "'single'", '"', '"quoted"', '""', '*', 'or *',
    '(', 'near(x', '-minus', 'NEAR', 'OR', 'AND', 'NOT', '"常州" OR "苏州"', '常州*', '^start', 'col:on', '{brace}', "' OR 1=1 --",
    'mixed case', 'MIXED', 'köln', 'KÖLN', 'ärzte', 'ÄRZTE', '\uD800', '🌳', 'a'.repeat(64)];

  it('matches %, _, quotes and FTS syntax literally, as LIKE with escapes did, without errors', async () => {
    for (const q of LITERALS) await expectSameAsLike({ q, limit: 20 });
    expect((await searchBranches(db(), PROVINCE, { q: '100%', limit: 20 })).data.map((b) => b.id)).toEqual(['pv_odd_percent']);
    expect((await searchBranches(db(), PROVINCE, { q: '1%0', limit: 20 })).data).toEqual([]);
    expect((await searchBranches(db(), PROVINCE, { q: 'MIXED', limit: 20 })).data.map((b) => b.id)).toEqual(['pv_odd_case']);
    // Only Latin letters ignore case, as with LIKE: ÄRZTE was stored upper-case.
    expect((await searchBranches(db(), PROVINCE, { q: 'ÄRZTE', limit: 20 })).data).toEqual([]);
    expect((await searchBranches(db(), PROVINCE, { q: 'Ärzte', limit: 20 })).data).toEqual([]);
  }, 60_000);

  it('takes them through the API with a 200, and 400s only what the schema refuses', async () => {
    const search = (q: string) => call(`/v1/branches?q=${encodeURIComponent(q)}`, withKey(SK));
    for (const q of LITERALS.filter((l) => l !== '\uD800')) {
      const res = await search(q);
      expect(res.status, q).toBe(200);
      const expected = (await bruteForce(q.trim(), 'pizhou')).map((r) => r.id);
      expect((await res.json<BranchPage>()).data.map((b) => b.id), q).toEqual(expected.slice(0, 20));
    }
    expect((await (await search('100%')).json<BranchPage>()).data).toEqual([]);
    await expectError(await search('a'.repeat(65)), 400, 'validation_failed');
    await expectError(await search('   '), 400, 'validation_failed');
  }, 60_000);
});

describe('the index follows every write to branches (triggers)', () => {
  afterEach(() => everyBranch.clear());
  const grams = async (id: string) => (await env.DB.prepare('SELECT gram, city_id FROM branch_text_grams WHERE tenant_id = ? AND branch_id = ? ORDER BY gram')
    .bind(PROVINCE, id).all<{ gram: string; city_id: string }>()).results;
  /** The postings of a branch as the view computes them from its row now. */
  const expectedGrams = async (id: string) => (await env.DB.prepare('SELECT gram, city_id FROM branch_text_gram_source WHERE branch_id = ? ORDER BY gram')
    .bind(id).all<{ gram: string; city_id: string }>()).results;
  const countOf = async (gram: string) => (await env.DB.prepare('SELECT branches FROM branch_text_gram_counts WHERE tenant_id = ? AND gram = ?')
    .bind(PROVINCE, gram).first<number>('branches')) ?? 0;
  const postingsOf = async (gram: string) => (await env.DB.prepare('SELECT count(*) AS n FROM branch_text_grams WHERE tenant_id = ? AND gram = ?')
    .bind(PROVINCE, gram).first<number>('n'))!;

  it('an insert adds the branch grams, and the counts agree with the postings', async () => {
    const id = 'pv_odd_percent';
    expect((await grams(id)).length).toBeGreaterThan(20);
    expect(await grams(id)).toEqual(await expectedGrams(id));
    for (const gram of ['常州', '钟楼', 'ch', '党支', '0%', '满意']) expect(await countOf(gram), gram).toBe(await postingsOf(gram));
  });

  it('a member-count update touches no index row', async () => {
    const result = await env.DB.prepare('UPDATE branches SET member_count = member_count + 1 WHERE id = ?').bind('pv_changzhou_0001').run();
    expect(result.meta.rows_written).toBe(1);
  });

  it('a text or city change replaces the branch grams, and search follows', async () => {
    const id = 'pv_changzhou_0002';
    const before = await countOf('鼓楼');
    await db().update(branches).set({ searchText: '鼓楼 gulou 某某支部', cityId: `${PROVINCE}_nanjing` }).where(eq(branches.id, id));
    expect(await grams(id)).toEqual(await expectedGrams(id));
    expect((await grams(id)).every((g) => g.city_id === `${PROVINCE}_nanjing`)).toBe(true);
    expect(await countOf('鼓楼')).toBe(before + 1);
    expect(await countOf('鼓楼')).toBe(await postingsOf('鼓楼'));
    expect((await searchBranches(db(), PROVINCE, { q: 'gulou', city: `${PROVINCE}_nanjing`, limit: 5 })).data.map((b) => b.id)).toContain(id);
    expect((await searchBranches(db(), PROVINCE, { q: 'gulou', city: CHANGZHOU, limit: 5 })).data.map((b) => b.id)).not.toContain(id);
    await expectSameAsLike({ q: '常州', city: CHANGZHOU, limit: 100 }, 10);
  });

  it('a delete removes the branch grams and its counts', async () => {
    const id = 'pv_odd_quotes';
    const before = await countOf('qu');
    await db().delete(branches).where(eq(branches.id, id));
    expect(await grams(id)).toEqual([]);
    expect(await countOf('qu')).toBe(before - 1);
    expect(await countOf('qu')).toBe(await postingsOf('qu'));
    expect((await searchBranches(db(), PROVINCE, { q: '"quoted"', limit: 5 })).data).toEqual([]);
  });
});
