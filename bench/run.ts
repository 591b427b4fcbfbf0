// `npm run bench`: the province-scale benchmark. Seeds once, then measures each
// scenario's D1 work (one metered pass) and its latency and throughput under load (autocannon in
// its own process), checks that no acknowledged check-in was lost or doubled, and writes
// bench/results/<time>-<commit>.json next to the table it prints.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import type { Acknowledged, LoadResult } from './load.ts';
import { runLoad } from './load-process.ts';
import { prepare } from './prepare.ts';
import { TENANT } from './province.ts';
import { proofsFor, scenarios, type Run } from './scenarios.ts';
import { startD1Floor, startServer, type BenchServer } from './server.ts';
import { gitCommit, measureSizes } from './sizes.ts';
import { measureHeavy, type HeavyFigures } from './heavy.ts';
import { printTable, type ScenarioResult } from './report.ts';
import { verifyCheckIns } from './verify.ts';
import { measureCampaign, type CampaignFigures } from './campaign.ts';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '8' },
    only: { type: 'string' },
    reseed: { type: 'boolean', default: false },
    samples: { type: 'string', default: '20' },
    'campaign-chunk': { type: 'string', default: '500' },
    'campaign-faults': { type: 'string', default: '0.05' },
  },
});
const SECONDS = Number(args.seconds);
const CONCURRENCY = [1, 10, 50] as const;
const METER_RUN = 3; // runs 0–2 are the load runs (see Client.run)
const chosen = args.only ? scenarios.filter((s) => args.only!.split(',').includes(s.name)) : scenarios;
/** `heavy` (bench/heavy.ts: the export and the import, one request at a time) runs unless --only leaves it out. */
const runHeavy = !args.only || args.only.split(',').includes('heavy');
/** `campaign` (bench/campaign.ts: a letter to every member through the local queue, faults injected) likewise. */
const runCampaign = !args.only || args.only.split(',').includes('campaign');
const nonce = Math.floor(Math.random() * 4_000);

const bundle = await prepare({ reseed: args.reseed });
console.log('Measuring bundle sizes…');
const sizes = { ...(await measureSizes()), workerBundleGzip: bundle.gzipBytes, workerBundleBytes: bundle.bytes };

/** Server-Timing's D1 figures of each response, averaged over `samples` sequential requests. */
async function meter(server: BenchServer, samples: number) {
  const out: Record<string, { roundTrips: number; rowsRead: number; rowsWritten: number; maxRowsRead: number }> = {};
  const pending = await pendingCheckIns(server, samples * 4);
  for (const s of chosen) {
    const base = { run: METER_RUN, nonce, pending };
    const run: Run = { ...base, proofs: await proofsFor(s, base) };
    const figures: [number, number, number][] = [];
    for (let i = 0; i < samples; i++) {
      const r = s.request(i, run);
      const res = await fetch(server.url + r.path, { method: r.method, headers: r.headers, body: r.body });
      await res.arrayBuffer();
      if (!s.ok.includes(res.status)) throw new Error(`${s.name}: ${r.method} ${r.path} answered ${res.status}`);
      const m = /db;desc="round_trips=(\d+) rows_read=(\d+) rows_written=(\d+) statements=\d+"/.exec(res.headers.get('Server-Timing') ?? '');
      if (!m) throw new Error(`${s.name}: no D1 figures in Server-Timing`);
      figures.push(m.slice(1).map(Number) as [number, number, number]);
    }
    const mean = (k: number) => Math.round((figures.reduce((sum, f) => sum + f[k]!, 0) / figures.length) * 10) / 10;
    out[s.name] = { roundTrips: mean(0), rowsRead: mean(1), rowsWritten: mean(2), maxRowsRead: Math.max(...figures.map((f) => f[1])) };
  }
  return out;
}

async function pendingCheckIns(server: BenchServer, limit: number): Promise<string[]> {
  const db = await server.mf.getD1Database('DB');
  const { results } = await db.prepare(`select id from check_ins where tenant_id = ? and status = 'pending' and id like 'ci\\_%' escape '\\'
    order by id limit ?`).bind(TENANT, limit).all<{ id: string }>();
  return results.map((r) => r.id);
}

console.log('The local D1\'s floor: a worker that only runs `select 1`…');
const floorServer = await startD1Floor();
const d1Floor: Record<number, { rps: number; latencyMs: LoadResult['latencyMs'] }> = {};
try {
  for (const [run, connections] of CONCURRENCY.entries()) {
    const r = await runLoad({ url: floorServer.url, scenario: 'noop', connections, seconds: SECONDS, run, nonce });
    d1Floor[connections] = { rps: r.rps, latencyMs: r.latencyMs };
    console.log(`  select 1          ${String(connections).padStart(2)} clients: ${String(r.rps).padStart(5)} req/s, p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms`);
  }
} finally {
  await floorServer.mf.dispose();
}

console.log('Metering D1 work per request (D1_METER=rows)…');
let server = await startServer(bundle.path, true);
const d1 = await meter(server, Number(args.samples)).finally(() => server.mf.dispose());

server = await startServer(bundle.path, false);
const results: ScenarioResult[] = [];
const acknowledged: Acknowledged[] = [];
let integrity: Awaited<ReturnType<typeof verifyCheckIns>> | null = null;
let heavy: HeavyFigures | null = null;
try {
  // Enough pending check-ins for every confirm of three runs; a quarter each (see scenarios.ts).
  const pendingFile = '.bench/pending.json';
  writeFileSync(pendingFile, JSON.stringify(await pendingCheckIns(server, 80_000)));
  for (const s of chosen) {
    const runs: ScenarioResult['runs'] = {};
    for (const [run, connections] of CONCURRENCY.entries()) {
      if (s.clients && !s.clients.includes(connections)) continue;
      const r = await runLoad({ url: server.url, scenario: s.name, connections, seconds: SECONDS, run, nonce, pendingFile });
      const errors = Object.entries(r.statuses).filter(([status]) => !s.ok.includes(Number(status))).reduce((n, [, c]) => n + c, 0)
        + r.socketErrors + r.timeouts;
      runs[connections] = { rps: r.rps, requests: r.requests, latencyMs: r.latencyMs, errors, statuses: r.statuses };
      acknowledged.push(...r.acknowledged);
      console.log(`  ${s.name.padEnd(17)} ${String(connections).padStart(2)} clients: ${String(r.rps).padStart(5)} req/s, `
        + `p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms${errors ? `, ${errors} errors ${JSON.stringify(r.statuses)}` : ''}`);
    }
    results.push({ name: s.name, label: s.label, d1: d1[s.name]!, runs });
  }
  integrity = acknowledged.length ? await verifyCheckIns(await server.mf.getD1Database('DB'), acknowledged) : null;
} finally {
  await server.mf.dispose();
}
if (runHeavy) {
  // A fresh runtime: the load runs may leave requests queued in the last one.
  console.log('The console\'s heavy work, one request at a time (export of about 5,200 members, import of 5,200 rows)…');
  server = await startServer(bundle.path, false);
  heavy = await measureHeavy(server.url, nonce).finally(() => server.mf.dispose());
}

let campaign: CampaignFigures | null = null;
if (runCampaign) {
  console.log('A campaign to every member of the province through the local queue, with faults injected…');
  campaign = await measureCampaign(bundle.path, {
    chunk: Number(args['campaign-chunk']), faults: Number(args['campaign-faults']), timeoutSeconds: 3600,
  });
  console.log(`  ${campaign.members.toLocaleString('en')} members in ${campaign.seconds} s: ${campaign.lettersPerSecond} letters/s, `
    + `${campaign.smsPerSecond} SMS/s; every member one letter and one SMS: ${campaign.check.ok}; `
    + `funnel reads: ${campaign.funnel.map((f) => `${f.node} ${f.rows} rows, ${f.rowsRead} read`).join('; ')}`);
}

const report = {
  at: new Date().toISOString(), commit: gitCommit(), machine: { cpus: cpus().length, model: cpus()[0]?.model ?? '' },
  secondsPerRun: SECONDS, sizes, d1Floor, scenarios: results, checkIns: integrity, heavy, campaign,
};
printTable(report);
mkdirSync('bench/results', { recursive: true });
const file = `bench/results/${report.at.slice(0, 16).replace(':', '')}-${report.commit}.json`;
writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
console.log(`\nWritten to ${file} (commit it if this run matters).`);
if ((integrity && !integrity.ok) || (campaign && (!campaign.check.ok || !campaign.finished))) process.exitCode = 1;
