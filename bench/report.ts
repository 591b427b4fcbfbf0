// The bench's table (Markdown, so the README can show it as printed) and its targets.
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
};

const READS = ['nearest-dense', 'nearest-sparse', 'search-city', 'search-text', 'stations', 'member-read', 'member-page'];
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
      String(r(10)?.rps), String(r(10)?.latencyMs.p99), share(10), String(r(50)?.rps), String(r(50)?.latencyMs.p99), share(50),
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
  console.log(`\nTargets:\n${targets(report).join('\n')}`);
}
