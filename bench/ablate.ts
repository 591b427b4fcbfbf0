// `npx tsx bench/ablate.ts [scenario,…] [seconds]`: what each part of a request costs the local
// runtime. Runs the no-op route and the scenarios at 10 clients on the built worker as it is,
// without its rate limiters' bindings (the middleware skips them), with its one log line per
// request muted, and without both. Throughput when saturated is the inverse of the time each
// request holds the runtime, so the differences of 1000/req·s are the parts' costs in ms.
// Run `npm run bench` once first (it builds and seeds). Nothing here changes the product.
import { readFileSync, writeFileSync } from 'node:fs';
import { runLoad } from './load-process.ts';
import { startServer } from './server.ts';

const [names = 'nearest-dense,check-in-create', seconds = '3'] = process.argv.slice(2);
const BUNDLE = '.bench/worker/index.js';
const MUTED = '.bench/worker/muted-log.js';
const CLIENTS = 10;
writeFileSync(MUTED, `console.log = () => {};\n${readFileSync(BUNDLE, 'utf8')}`);

const variants = [
  { name: 'as built', bundle: BUNDLE, rateLimits: true },
  { name: 'no rate limiters', bundle: BUNDLE, rateLimits: false },
  { name: 'no request log', bundle: MUTED, rateLimits: true },
  { name: 'neither', bundle: MUTED, rateLimits: false },
];
const scenarios = ['noop', ...names.split(',')];
const ROUNDS = 3;
// All variants run side by side and take turns, round after round, each cell's figure the median
// of its rounds: a machine whose load drifts then weighs on every variant alike.
// One after another: runtimes opening the same database at once can find it locked.
const servers = [];
for (const v of variants) servers.push(await startServer(v.bundle, false, undefined, { rateLimits: v.rateLimits }));
const samples: Record<string, Record<string, number[]>> = {};
try {
  for (let round = 0; round < ROUNDS; round++) {
    for (const scenario of scenarios) {
      for (const [i, v] of variants.entries()) {
        const job = { url: servers[i]!.url, scenario, connections: CLIENTS, seconds: Number(seconds), nonce: Math.floor(Math.random() * 4_000) };
        if (round === 0) await runLoad({ ...job, seconds: 1, run: 0 }); // warm-up
        const result = await runLoad({ ...job, run: 1 + round });
        const errors = Object.entries(result.statuses).filter(([status]) => !status.startsWith('2')).reduce((n, [, k]) => n + k, 0);
        if (errors || result.socketErrors) throw new Error(`${v.name} / ${scenario}: ${errors} error responses, ${result.socketErrors} socket errors`);
        ((samples[scenario] ??= {})[v.name] ??= []).push(result.rps);
        console.log(`  round ${round + 1}  ${v.name.padEnd(17)} ${scenario.padEnd(16)} ${String(result.rps).padStart(5)} req/s`);
      }
    }
  }
} finally {
  await Promise.all(servers.map((s) => s.mf.dispose()));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rps = Object.fromEntries(Object.entries(samples).map(([s, byVariant]) =>
  [s, Object.fromEntries(Object.entries(byVariant).map(([v, xs]) => [v, median(xs)]))])) as Record<string, Record<string, number>>;

const ms = (r: number) => (1000 / r).toFixed(2);
console.log(`\n| ${CLIENTS} clients, ms per request (req/s) | ${variants.map((v) => v.name).join(' | ')} |`);
console.log(`| --- | ${variants.map(() => '---').join(' | ')} |`);
for (const s of scenarios) console.log(`| ${s} | ${variants.map((v) => `${ms(rps[s]![v.name]!)} (${rps[s]![v.name]})`).join(' | ')} |`);
console.log(`\n| share of the no-op's throughput | ${variants.map((v) => v.name).join(' | ')} |`);
console.log(`| --- | ${variants.map(() => '---').join(' | ')} |`);
for (const s of scenarios.slice(1)) {
  console.log(`| ${s} | ${variants.map((v) => `${Math.round((rps[s]![v.name]! / rps.noop![v.name]!) * 100)}%`).join(' | ')} |`);
}
