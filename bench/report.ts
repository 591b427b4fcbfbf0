// The bench's table (Markdown, so the README can show it as printed) and its targets.
import type { HeavyFigures, Timed } from './heavy.ts';

type Latency = { p50: number; p90: number; p99: number; max: number };
export type ScenarioResult = {
  name: string; label: string;
  d1: { roundTrips: number; rowsRead: number; rowsWritten: number; maxRowsRead: number };
  runs: Record<number, { rps: number; requests: number; latencyMs: Latency; errors: number; statuses: Record<string, number> }>;
};
type Report = {
  at: string; commit: string; machine: { cpus: number; model: string }; secondsPerRun: number;
  sizes: { widgetsJsGzip: number; widgetPagesGzip: Record<string, number>; sdkGzip: number; workerBundleGzip: number };
  scenarios: ScenarioResult[];
  d1Floor: Record<number, { rps: number; latencyMs: Latency }>;
  checkIns: { acknowledged: number; replayed: number; distinctCheckIns: number; missing: number; doubled: number; retriesAnsweredDifferently: number; ok: boolean } | null;
  heavy?: HeavyFigures | null;
};

const READS = ['nearest-dense', 'nearest-sparse', 'search-city', 'search-text', 'stations', 'member-read', 'member-page',
  'member-filtered', 'roster-tree', 'check-in-queue'];
/** A Worker's D1 queries per request (paid plan; 50 on the free plan). */
const QUERIES_PER_REQUEST = 1_000;
const pct = (x: number) => `${Math.round(x * 100)}%`;

/** Each scenario's throughput as a share of the no-op route's in the same run, at `clients`. */
export function ratio(report: Pick<Report, 'scenarios'>, name: string, clients: number): number | null {
  const floor = report.scenarios.find((s) => s.name === 'noop')?.runs[clients]?.rps;
  const rps = report.scenarios.find((s) => s.name === name)?.runs[clients]?.rps;
  return floor && rps !== undefined ? rps / floor : null;
}

export function targets(report: Report): string[] {
  const lines: string[] = [];
  const check = (label: string, value: number | null | undefined, goal: number, fmt: (x: number) => string, higher: boolean) => {
    if (value === null || value === undefined) return;
    const met = higher ? value >= goal : value <= goal;
    lines.push(`- ${label}: ${fmt(value)} (target ${higher ? '≥' : '≤'} ${fmt(goal)}): ${met ? 'met' : 'MISSED'}`);
  };
  check('nearest branch (dense), throughput vs no-op at 10 clients', ratio(report, 'nearest-dense', 10), 0.5, pct, true);
  check('check-in create, throughput vs no-op at 10 clients', ratio(report, 'check-in-create', 10), 0.3, pct, true);
  for (const s of report.scenarios.filter((x) => READS.includes(x.name))) {
    check(`${s.name} p99 at 10 clients`, s.runs[10]?.latencyMs.p99, 20, (x) => `${x} ms`, false);
  }
  // 10 clients in a closed loop wait 10 / (req/s) seconds per request on average (Little's law):
  // the no-op route's own figures say what any p99 target at 10 clients can reach on this machine.
  const noop = report.scenarios.find((x) => x.name === 'noop')?.runs[10];
  if (noop) lines.push(`  (the no-op route at 10 clients: ${noop.rps} req/s, so a mean wait of ${(10_000 / noop.rps).toFixed(1)} ms; its p99 ${noop.latencyMs.p99} ms)`);
  return lines;
}

export function printTable(report: Report): void {
  const head = ['endpoint', 'D1 round trips', 'rows read', 'rows written', 'p50 / p99 ms (1 client)',
    'req/s (10)', 'p99 ms (10)', 'vs no-op (10)', 'req/s (50)', 'p99 ms (50)', 'vs no-op (50)', 'errors'];
  const rows = report.scenarios.map((s) => {
    const r = (c: number) => s.runs[c];
    const share = (c: number) => { const x = ratio(report, s.name, c); return x === null ? '' : pct(x); };
    return [s.label, String(s.d1.roundTrips), s.d1.maxRowsRead > s.d1.rowsRead ? `${s.d1.rowsRead} (max ${s.d1.maxRowsRead})` : String(s.d1.rowsRead),
      String(s.d1.rowsWritten), `${r(1)?.latencyMs.p50} / ${r(1)?.latencyMs.p99}`,
      String(r(10)?.rps ?? '–'), String(r(10)?.latencyMs.p99 ?? '–'), share(10), String(r(50)?.rps ?? '–'), String(r(50)?.latencyMs.p99 ?? '–'), share(50),
      String([1, 10, 50].reduce((n, c) => n + (r(c)?.errors ?? 0), 0))];
  });
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  console.log(`\nGinkgo bench, ${report.at} (${report.commit}), ${report.machine.cpus} × ${report.machine.model}, ${report.secondsPerRun} s per run\n`);
  console.log([line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n'));
  const f = report.d1Floor;
  console.log(`\nThe local D1's floor (a worker that only runs \`select 1\`): ${f[1]?.rps} req/s at 1 client (p50 ${f[1]?.latencyMs.p50} ms), `
    + `${f[10]?.rps} at 10 (p99 ${f[10]?.latencyMs.p99} ms), ${f[50]?.rps} at 50: every D1 round trip queues for one Durable Object.`);
  const z = report.sizes;
  console.log(`\nGzipped: /widgets.js (the loader) ${z.widgetsJsGzip} B (${Object.entries(z.widgetPagesGzip).map(([k, v]) => `${k} ${v} B`).join(', ')}); `
    + `SDK ${z.sdkGzip} B; worker bundle ${z.workerBundleGzip} B.`);
  const c = report.checkIns;
  if (c) {
    console.log(`Check-ins under load: ${c.acknowledged} acknowledged (${c.replayed} of them retries answered from the stored response), `
      + `${c.distinctCheckIns} distinct; missing ${c.missing}, doubled ${c.doubled}, retries answered differently ${c.retriesAnsweredDifferently}: `
      + `${c.ok ? 'each exactly once' : 'FAILED'}.`);
  }
  if (report.heavy) console.log(`\n${heavyLines(report).join('\n')}`);
  console.log(`\nTargets:\n${targets(report).join('\n')}`);
}

/** The heavy work's figures, each wall time also as a multiple of the floors' p50 at 1 client in this run. */
export function heavyLines(report: Report): string[] {
  const h = report.heavy!;
  const floor = report.d1Floor[1]?.latencyMs.p50;
  const noop = report.scenarios.find((s) => s.name === 'noop')?.runs[1]?.latencyMs.p50;
  const times = (ms: number) => [floor && `×${Math.round(ms / floor)} the D1 floor`, noop && `×${Math.round(ms / noop)} the no-op route`]
    .filter(Boolean).join(', ');
  const spread = (xs: number[]) => (Math.min(...xs) === Math.max(...xs) ? String(xs[0]) : `${Math.min(...xs)}–${Math.max(...xs)}`);
  const d1 = (ts: Timed[]) => `${spread(ts.map((t) => t.roundTrips))} round trips, ${spread(ts.map((t) => t.statements))} statements`;
  const lines = [`Heavy work, one request at a time (floors' p50 at 1 client: D1 \`select 1\` ${floor} ms, no-op route ${noop ?? '(not run)'} ms):`];
  for (const e of h.exports) {
    const t = e.samples;
    lines.push(`- 未报到 export of ${e.node}${e.rowsInFile ? ` (${e.rowsInFile.toLocaleString('en')} rows)` : ''}, ${e.format}: median ${e.medianMs} ms `
      + `(${times(e.medianMs)}; ${spread(t.map((x) => Math.round(x.ms)))} ms over ${t.length}), ${Math.round(t[0]!.bytes / 1024)} KiB, ${d1(t)}; `
      + `Server-Timing: ${t[0]!.serverTiming || '(none)'}`);
  }
  const i = h.import;
  const ms = (ts: Timed[]) => ts.map((t) => t.ms);
  const batchMs = ms(i.batches);
  lines.push(`- roster import of ${i.rows.toLocaleString('en')} rows through the API: ${i.wallMs} ms wall (${times(i.wallMs)}), ${i.requests} requests `
    + `(${i.validate.length} validate, 1 start, ${i.batches.length} batches of 200): ${i.added} added, ${i.skipped} skipped, ${i.refused} refused, ${i.status}`);
  lines.push(`  - a batch: median ${median(batchMs)} ms, max ${Math.max(...batchMs)} ms (×${floor ? Math.round(Math.max(...batchMs) / floor) : '?'} the D1 floor), ${d1(i.batches)}`);
  lines.push(`  - a validate call (1,000 rows): median ${median(ms(i.validate))} ms, max ${Math.max(...ms(i.validate))} ms, ${d1(i.validate)}; start ${i.start.ms} ms, ${d1([i.start])}`);
  const all = [...h.exports.flatMap((e) => e.samples), ...i.validate, i.start, ...i.batches];
  const most = Math.max(...all.map((t) => t.roundTrips));
  const mostStatements = Math.max(...all.map((t) => t.statements));
  lines.push(`- Workers limits: at most ${most} D1 round trips and ${mostStatements} statements in one request `
    + `(${most <= QUERIES_PER_REQUEST ? 'within' : 'OVER'} ${QUERIES_PER_REQUEST.toLocaleString('en')} queries a request); the slowest request took `
    + `${Math.max(...all.map((t) => t.ms))} ms wall. CPU time is not in Server-Timing (the runtime does not tell a worker its own CPU time); `
    + 'wall time, which includes every D1 wait, bounds it.');
  return lines;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
