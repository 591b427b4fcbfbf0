// The campaign benchmark (docs/benchmark.md, Campaign): a letter to every member of the province
// (1,000,000) sent through the runtime's own local queue, with faults injected at random
// (CAMPAIGN_FAULTS: some steps fail before or after their work, some messages are sent twice). It
// reports letters and SMS per second, then checks that every member has exactly one letter and one
// outbox message naming its code, reads the funnel of the province, a town and a committee (the first page of
// children of each) with D1's own count of rows read, and removes the campaign's rows again (the bench
// database is reused).
import { FUNNEL_PAGE, type FunnelSide } from '../schema/index.ts';
import { funnelQuery } from '../worker/src/campaigns/funnel.ts';
import type { FunnelNodeRef } from '../worker/src/campaigns/funnel-scope.ts';
import { BENCH_SECRET_KEY, CITIES, TENANT, cityId, townId } from './province.ts';
import { startServer, type BenchServer } from './server.ts';

export type CampaignFigures = {
  members: number; chunk: number; faults: number; seconds: number; lettersPerSecond: number; smsPerSecond: number;
  progress: { second: number; letters: number; sms: number }[];
  check: { membersWithoutLetter: number; membersWithTwoLetters: number; lettersWithoutSms: number; lettersWithTwoSms: number; outboxMessages: number; ok: boolean };
  funnel: { node: string; side: FunnelSide; rows: number; rowsRead: number }[];
  finished: boolean;
};

const CAMPAIGN_ID = 'cmp_bench_province';

/**
 * Runs `work` on the runtime's D1, again on a fresh handle when the local connection drops (seen now
 * and then on a loaded machine, as in bench/seed.ts): each piece of work here may be run twice.
 */
async function onD1<T>(server: BenchServer, work: (d1: D1Database) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work(await server.mf.getD1Database('DB'));
    } catch (err) {
      if (attempt === 5 || !/fetch failed|other side closed|ECONNRESET|socket/i.test(`${String(err)} ${String((err as Error).cause)}`)) throw err;
      process.stdout.write(`\n  (the connection to the runtime dropped: ${String(err)}; again)\n`);
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
}

export async function measureCampaign(bundlePath: string, o: { chunk: number; faults: number; timeoutSeconds: number }): Promise<CampaignFigures> {
  let server = await startServer(bundlePath, false, undefined, {
    // Quiet hours off: the bench runs whenever it is run. The outbox's stdout lines off: a burst of them stalls Miniflare's log pipe.
    bindings: { CAMPAIGN_FAULTS: String(o.faults), CAMPAIGN_CHUNK_SIZE: String(o.chunk), NOTIFY_QUIET_HOURS: 'off', SMS_OUTBOX_LOG: 'off' },
  });
  try {
    await onD1(server, removeCampaign);
    const now = Date.now();
    await onD1(server, (d1) => d1.prepare(`insert into campaigns (id, tenant_id, title_zh, body_zh, signatory, starts_at, ends_at, audience, channels,
        created_by_key_id, created_at, updated_at) values (?1, ?2, '家乡来信', '…', '组织部', ?3, ?4, '{}', '["sms","print"]', 'bench', ?3, ?3)`)
      .bind(CAMPAIGN_ID, TENANT, now, now + 60 * 86_400_000).run());
    const started = Date.now();
    const res = await fetch(`${server.url}/v1/campaigns/${CAMPAIGN_ID}/send`, { method: 'POST', headers: { Authorization: `Bearer ${BENCH_SECRET_KEY}` } });
    if (res.status !== 202) throw new Error(`send answered ${res.status}: ${await res.text()}`);
    const { progress: { audienceTotal } } = await res.json() as { progress: { audienceTotal: number } };
    console.log(`  audience ${audienceTotal.toLocaleString('en')} (counted in ${((Date.now() - started) / 1000).toFixed(1)} s); chunk ${o.chunk}, faults ${o.faults}`);
    const progress: CampaignFigures['progress'] = [];
    let finished = false;
    for (;;) {
      await new Promise((r) => setTimeout(r, 5000));
      const p = await onD1(server, (d1) => d1.prepare(`select c.status, c.letters_made as letters, coalesce(k.sent, 0) as sms from campaigns c
        left join campaign_counts k on k.campaign_id = c.id and k.node_id = c.tenant_id and k.channel = 'sms' where c.id = ?1`)
        .bind(CAMPAIGN_ID).first<{ status: string; letters: number; sms: number }>());
      const second = Math.round((Date.now() - started) / 1000);
      progress.push({ second, letters: p!.letters, sms: p!.sms });
      process.stdout.write(`\r  ${second} s: ${p!.letters.toLocaleString('en')} letters, ${p!.sms.toLocaleString('en')} SMS, ${p!.status}   `);
      if (p!.status === 'sent' && p!.sms >= audienceTotal) { finished = true; break; }
      if (second > o.timeoutSeconds) break;
    }
    process.stdout.write('\n');
    const last = progress.at(-1)!;
    const seconds = last.second;
    // A fresh runtime for the checks: the sending one still has steps queued (a few faults' retries, delayed).
    await server.mf.dispose();
    server = await startServer(bundlePath, false);
    console.log('  checking every member: one letter, one SMS naming its code…');
    const check = await onD1(server, checkOnce);
    console.log(`  ${JSON.stringify(check)}`);
    const funnel = await onD1(server, funnelReads);
    for (const f of funnel) console.log(`  funnel of ${f.node} (${f.side}): ${f.rows} rows, ${f.rowsRead} rows read`);
    await onD1(server, removeCampaign);
    return {
      members: audienceTotal, chunk: o.chunk, faults: o.faults, seconds, finished, progress, check, funnel,
      lettersPerSecond: Math.round(last.letters / seconds), smsPerSecond: Math.round(last.sms / seconds),
    };
  } finally {
    await server.mf.dispose();
  }
}

/**
 * Every member: exactly one letter, and exactly one outbox message to its number naming that
 * letter's code. Missing and doubled are told apart (a run stopped by its time limit misses some).
 */
async function checkOnce(d1: D1Database): Promise<CampaignFigures['check']> {
  const letters = await d1.prepare(`select sum(n = 0) as none, sum(n > 1) as more from (select (select count(*) from campaign_letters l
    where l.campaign_id = ?2 and l.member_id = m.id) as n from members m where m.tenant_id = ?1)`).bind(TENANT, CAMPAIGN_ID).first<{ none: number; more: number }>();
  const sms = await d1.prepare(`select sum(n = 0) as none, sum(n > 1) as more from (select (select count(*) from sms_outbox o
      where o.tenant_id = ?1 and o.mobile = m.mobile and o.template = 'campaign_letter'
        and json_extract(o.params, '$.code') = substr(l.code, 1, 5) || '-' || substr(l.code, 6)) as n
    from members m join campaign_letters l on l.campaign_id = ?2 and l.member_id = m.id where m.tenant_id = ?1)`).bind(TENANT, CAMPAIGN_ID).first<{ none: number; more: number }>();
  const outbox = await d1.prepare(`select count(*) as n from sms_outbox where tenant_id = ?1 and template = 'campaign_letter'`).bind(TENANT).first<{ n: number }>();
  const check = {
    membersWithoutLetter: letters!.none ?? 0, membersWithTwoLetters: letters!.more ?? 0,
    lettersWithoutSms: sms!.none ?? 0, lettersWithTwoSms: sms!.more ?? 0, outboxMessages: outbox!.n,
  };
  return { ...check, ok: Object.values(check).slice(0, 4).every((n) => n === 0) };
}

/**
 * The console's funnel reads, through the route's own statement (worker/src/campaigns/funnel.ts),
 * each the first page of children as the console asks for it (the default limit): the province
 * (its 20 towns), one town (its 20 villages), and the largest host committee (the first 50 of its
 * 1,800 branches), each with D1's own count of rows read.
 */
async function funnelReads(d1: D1Database): Promise<CampaignFigures['funnel']> {
  const nodes: [FunnelNodeRef, FunnelSide][] = [
    [{ id: TENANT, kind: 'tenant', parentId: null, nameZh: '全省', nameEn: 'Province' }, 'home'],
    [{ id: townId(1), kind: 'town', parentId: null, nameZh: '', nameEn: '' }, 'home'],
    [{ id: `${cityId(CITIES[0]!)}_cm`, kind: 'committee', parentId: null, nameZh: '', nameEn: '' }, 'host'],
  ];
  const reads: CampaignFigures['funnel'] = [];
  for (const [node, side] of nodes) {
    const r = await funnelQuery(d1, CAMPAIGN_ID, TENANT, node, side, { after: null, limit: FUNNEL_PAGE.default }).all();
    reads.push({ node: node.id, side, rows: r.results.length, rowsRead: r.meta.rows_read ?? -1 });
  }
  return reads;
}

async function removeCampaign(d1: D1Database): Promise<void> {
  await d1.prepare(`delete from sms_outbox where tenant_id = ?1 and template in ('campaign_letter', 'campaign_reminder')`).bind(TENANT).run();
  await d1.prepare('delete from campaign_counts where campaign_id = ?1').bind(CAMPAIGN_ID).run();
  await d1.prepare('delete from campaign_letters where campaign_id = ?1').bind(CAMPAIGN_ID).run();
  await d1.prepare('delete from campaigns where id = ?1').bind(CAMPAIGN_ID).run();
}
