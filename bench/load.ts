// One load run, in its own process so that generating load does not slow the process that
// measures: autocannon drives `connections` clients at one scenario for `seconds`, and this
// prints one JSON line with every latency's percentiles, the statuses, and the acknowledged writes.
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { proofsFor, scenario, type BenchRequest } from './scenarios.ts';

export type LoadJob = {
  url: string; scenario: string; connections: number; seconds: number; run: number; nonce: number; pendingFile?: string;
};
export type Acknowledged = { idempotencyKey: string; reference: string; replayed: boolean };
export type LoadResult = {
  requests: number; seconds: number; rps: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  statuses: Record<string, number>; socketErrors: number; timeouts: number;
  acknowledged: Acknowledged[];
};

const percentile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
const round = (ms: number) => Math.round(ms * 100) / 100;

async function run(job: LoadJob): Promise<LoadResult> {
  const s = scenario(job.scenario);
  const pending = job.pendingFile ? (JSON.parse(readFileSync(job.pendingFile, 'utf8')) as string[]) : [];
  const base = { run: job.run, nonce: job.nonce, pending };
  const r = { ...base, proofs: await proofsFor(s, base) };
  let sent = 0;
  let fresh = 0;
  const answered: BenchRequest[] = []; // answered 201, to retry
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const acknowledged: Acknowledged[] = [];
  // autocannon clears a client's context before each request, so it only carries a request to its answer.
  type Context = { request?: BenchRequest };
  let finish!: (r: autocannon.Result) => void;
  const done = new Promise<autocannon.Result>((resolve) => { finish = resolve; });
  const instance = autocannon({
    url: job.url, connections: job.connections, duration: job.seconds, timeout: 10,
    requests: [{
      setupRequest: (req: Record<string, unknown>, context: Context) => {
        const retry = s.retryEvery && ++sent % s.retryEvery === 0 ? answered.shift() : undefined;
        const next = context.request = retry ?? s.request(fresh++, r);
        return { ...req, method: next.method, path: next.path, headers: next.headers ?? {}, body: next.body };
      },
      onResponse: (status: number, body: string, context: Context, headers: Record<string, string>) => {
        statuses[status] = (statuses[status] ?? 0) + 1;
        const key = context.request?.headers?.['Idempotency-Key'];
        if (status === 201 && key) {
          const { reference } = JSON.parse(body) as { reference: string };
          const replayed = Object.entries(headers).some(([name, value]) => name.toLowerCase() === 'idempotent-replayed' && value === 'true');
          acknowledged.push({ idempotencyKey: key, reference, replayed });
          if (!replayed && answered.length < 1_000) answered.push(context.request!);
        }
      },
    }],
  } as autocannon.Options, (err, result) => {
    if (err) throw err;
    finish(result);
  });
  instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  const result = await done;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length, seconds: result.duration, rps: Math.round(latencies.length / result.duration),
    latencyMs: { p50: round(percentile(latencies, 0.5)), p90: round(percentile(latencies, 0.9)), p99: round(percentile(latencies, 0.99)), max: round(latencies.at(-1) ?? 0) },
    statuses, socketErrors: result.errors, timeouts: result.timeouts, acknowledged,
  };
}

const job = JSON.parse(process.argv[2] ?? '') as LoadJob;
process.stdout.write(`${JSON.stringify(await run(job))}\n`);
