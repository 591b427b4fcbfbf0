// The funnel reads about a page per node, not the campaign: on the large tenant (province-members.ts,
// 20,000 members) with a letter each, counted as they were made and sent, each role's funnel reads
// only its node's and its children's count rows (EXPLAIN QUERY PLAN: no scan of the letters), and a
// page of the people behind a count reads about the letters it examines.
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { funnelFrom, funnelQuery, funnelSql } from '../../worker/src/campaigns/funnel.ts';
import { funnelNode, sideOf } from '../../worker/src/campaigns/funnel-scope.ts';
import { letterWalk } from '../../worker/src/campaigns/letter-list.ts';
import { statementOf } from '../../worker/src/campaigns/statements.ts';
import { advance, makeCampaign, makeLetters } from './campaign-helpers.ts';
import { BIG, BIG_ROLES, MEMBERS, seedBigTenant } from './province-members.ts';

const C = 'cmp_big';
const PAGE = 50;

beforeAll(async () => {
  const started = Date.now();
  await seedBigTenant();
  await makeCampaign(C, BIG);
  const ids = await makeLetters(C, BIG);
  // Every other letter sent by SMS.
  const sent = ids.filter((_, i) => i % 2 === 0);
  for (let i = 0; i < sent.length; i += 2000) await advance(sent.slice(i, i + 2000), 'sms_sent_at', 'sent', 'sms');
  console.info(`${ids.length} letters made and counted in ${Date.now() - started} ms`);
}, 120_000);

async function measure(statement: D1PreparedStatement, text: string, params: unknown[]) {
  const result = await statement.all<Record<string, unknown>>();
  const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${text}`).bind(...params).all<{ detail: string }>();
  return { results: result.results, rowsRead: result.meta.rows_read, plan: plan.results.map((r) => r.detail).join('\n') };
}

const cases = [
  ['home_admin', undefined, 'home'], ['home_admin', undefined, 'host'], ['town_staff', undefined, undefined],
  ['village_staff', undefined, undefined], ['committee_secretary', undefined, undefined], ['branch_secretary', undefined, undefined],
] as const;

describe.each(cases)('%s, node %s, side %s:', (role, nodeId, side) => {
  it("reads the node's and its children's count rows only", async () => {
    const key = BIG_ROLES[role];
    const node = await funnelNode(env.DB, key, nodeId);
    const s = sideOf(node, side);
    const statement = funnelQuery(env.DB, C, BIG, node, s);
    const { text, params } = funnelSql(C, BIG, node, s);
    const { rowsRead, results, plan } = await measure(statement, text, params);
    expect(plan).not.toMatch(/campaign_letters/);
    const funnel = funnelFrom({ id: C, titleZh: '', titleEn: null, status: 'sent', channels: ['sms'] }, s, node, null, results as never);
    const nodes = 1 + funnel.children.length;
    const letters = funnel.node.counts.all.letters;
    console.info(`${role} ${side ?? ''}: ${nodes} nodes, ${letters} letters, ${rowsRead} rows read\n${plan}`);
    expect(letters).toBeGreaterThan(0);
    // Each node: itself (by its index) and its three channels' count rows (the primary key), plus the node's own lookup.
    expect(rowsRead).toBeLessThanOrEqual(nodes * 8 + 8);
    if (role === 'home_admin' && side === 'home') expect(letters).toBe(MEMBERS);
    expect(funnel.children.reduce((n, c) => n + c.counts.all.sent, 0)).toBeLessThanOrEqual(funnel.node.counts.all.sent);
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
