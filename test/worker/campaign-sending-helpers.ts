// Campaign sending in the worker tests: a campaign made directly, the CAMPAIGNS queue recorded and
// its consumer driven by hand (cloudflare:test's message batches) on a clock the test sets, with
// redeliveries and retries as the runtime would make them.
import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { and, eq, sql } from 'drizzle-orm';
import { campaignCounts, campaigns, members } from '../../schema/index.ts';
import { consumeCampaigns, type CampaignDeps } from '../../worker/src/campaigns/consume.ts';
import type { CampaignMessage } from '../../worker/src/env.ts';
import { chunkedInserts } from '../../worker/src/db.ts';
import { db } from './helpers.ts';
import { bindings, type Bindings } from './notification-helpers.ts';

const DAY = 86_400_000;
let n = 0;
/** A draft campaign of the demo tenant (audience: everyone unless told), ending in 60 days from `now`. */
export async function makeCampaign(over: Partial<typeof campaigns.$inferInsert> = {}, now = Date.now()) {
  const id = `cmp_test_${++n}_${Math.random().toString(16).slice(2, 8)}`;
  const [row] = await db().insert(campaigns).values({
    id, tenantId: 'pizhou', titleZh: '家乡来信', bodyZh: '…', signatory: '组织部', startsAt: now, endsAt: now + 60 * DAY,
    audience: {}, channels: ['sms', 'print'], createdByKeyId: 'test', createdAt: now, updatedAt: now, ...over,
  }).returning();
  return row!;
}

/** `count` more members of 港上北村, numbers 1370000xxxx from `first`. */
export async function addVillagers(count: number, first: number) {
  const [first_, ...rest] = chunkedInserts(db(), members, Array.from({ length: count }, (_, i) => ({
    id: `mb_cs_${String(first + i).padStart(4, '0')}`, tenantId: 'pizhou', name: '村民', mobile: `1370000${String(first + i).padStart(4, '0')}`,
    homeUnitId: 'hu_gangshang_bei', homeTownId: 'hu_gangshang', category: 'worker' as const, createdAt: Date.UTC(2025, 2, 1),
  })));
  // Counted where the roster counts them (data/scope-copies.ts does so for members it writes).
  const counted = sql`insert into roster_counts (tenant_id, node_id, members) values ('pizhou', 'hu_gangshang_bei', ${count}), ('pizhou', 'hu_gangshang', ${count})
    on conflict (tenant_id, node_id) do update set members = members + excluded.members`;
  await db().batch([first_!, ...rest]);
  await db().run(counted);
}

type Queued = { body: CampaignMessage; delaySeconds: number };
/** A recording CAMPAIGNS producer, and the bindings that use it (and whatever else the test sets). */
export function recordedQueue(over: Partial<Bindings> = {}) {
  const queued: Queued[] = [];
  let failing = false;
  const producer = {
    async send(body: CampaignMessage, o?: QueueSendOptions) { if (failing) throw new Error('queue down'); queued.push({ body, delaySeconds: o?.delaySeconds ?? 0 }); },
    async sendBatch(messages: Iterable<MessageSendRequest<CampaignMessage>>) {
      if (failing) throw new Error('queue down');
      for (const m of messages) queued.push({ body: m.body, delaySeconds: m.delaySeconds ?? 0 });
    },
  } as unknown as Queue<CampaignMessage>;
  return {
    queued, env: bindings({ CAMPAIGNS: producer, ...over }),
    /** While set, every send throws (a queue outage, or a crash right after a step's batch). */
    setFailing: (on: boolean) => { failing = on; },
  };
}

let seq = 0;
/**
 * Delivers what is queued (delays under a minute count as now, the rest wait for `release`) until
 * nothing is due. `duplicate`: each batch is delivered twice at once, two consumers racing, as a
 * redelivery while the first is still at work would. Returns how many deliveries it made.
 */
export async function pump(q: ReturnType<typeof recordedQueue>, deps: CampaignDeps = {}, o: { duplicate?: boolean; limit?: number } = {}) {
  let deliveries = 0;
  for (;;) {
    const due = q.queued.filter((m) => m.delaySeconds < 60).slice(0, 10);
    if (!due.length) return deliveries;
    for (const m of due) q.queued.splice(q.queued.indexOf(m), 1);
    const copies = o.duplicate ? 2 : 1;
    await Promise.all(Array.from({ length: copies }, () => deliverBatch(q, due.map((m) => m.body), deps)));
    deliveries += due.length * copies;
    if (o.limit && deliveries >= o.limit) throw new Error(`more than ${o.limit} deliveries: a step loops`);
  }
}

async function deliverBatch(q: ReturnType<typeof recordedQueue>, bodies: CampaignMessage[], deps: CampaignDeps) {
  const batch = createMessageBatch<CampaignMessage>('ginkgo-campaigns-tests',
    bodies.map((body) => ({ id: `cmsg-${++seq}`, timestamp: new Date(), attempts: 1, body })));
  const delays = new Map<string, number | undefined>();
  for (const m of batch.messages) {
    const retry = m.retry.bind(m);
    Object.defineProperty(m, 'retry', { value: (r?: QueueRetryOptions) => { delays.set(m.id, r?.delaySeconds); retry(r); } });
  }
  await consumeCampaigns(batch, q.env, deps);
  const result = await getQueueResult(batch, createExecutionContext());
  for (const r of result.retryMessages) {
    q.queued.push({ body: batch.messages.find((m) => m.id === r.msgId)!.body, delaySeconds: delays.get(r.msgId) ?? 0 });
  }
}

/** Makes every waiting message due now (its delay has passed on the test's clock). */
export const release = (q: ReturnType<typeof recordedQueue>) => { for (const m of q.queued) m.delaySeconds = 0; };

/** The campaign's counts at the tenant node, by channel. */
export async function tenantCounts(campaignId: string) {
  const rows = await db().select().from(campaignCounts).where(and(eq(campaignCounts.campaignId, campaignId), eq(campaignCounts.nodeId, 'pizhou')));
  return Object.fromEntries(rows.map((r) => [r.channel, r]));
}

/** Per member of the campaign: letters, and outbox messages of `template` naming the letter's code. */
export async function perMember(campaignId: string, template = 'campaign_letter') {
  return db().all<{ memberId: string; letters: number; messages: number }>(sql`select m.id as memberId,
      (select count(*) from campaign_letters l where l.campaign_id = ${campaignId} and l.member_id = m.id) as letters,
      (select count(*) from sms_outbox o join campaign_letters l on l.campaign_id = ${campaignId} and l.member_id = m.id
        where o.mobile = m.mobile and o.template = ${template}
          and json_extract(o.params, '$.code') = substr(l.code, 1, 5) || '-' || substr(l.code, 6)) as messages
    from members m where m.tenant_id = 'pizhou'`);
}
