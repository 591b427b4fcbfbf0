// `npx tsx bench/profile.ts <scenario> [clients] [seconds]`: where a scenario's time goes. Runs
// the load against the bench server while workerd's inspector records a CPU profile of the
// worker, then prints self time by source module (from the bundle's `// path` markers) and the
// busiest functions. Run `npm run bench` once first (it builds and seeds). Read it with care: its
// samples land where the runtime's native work hands back to JavaScript (it once charged a quarter
// of the thread to a 4 µs sha256Hex); bench/ablate.ts measures a part's cost by taking it away.
import { readFileSync } from 'node:fs';
import type { LoadJob, LoadResult } from './load.ts';
import { runLoad } from './load-process.ts';
import { startServer } from './server.ts';

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[] };

const [name = 'nearest-dense', clients = '10', seconds = '8'] = process.argv.slice(2);
const BUNDLE = '.bench/worker/index.js';
const INSPECTOR_PORT = 9_329;

/** Module boundaries esbuild leaves in the bundle: `// node_modules/hono/dist/hono.js` at a line. */
function moduleAt(): (line: number) => string {
  const starts: [number, string][] = [];
  readFileSync(BUNDLE, 'utf8').split('\n').forEach((text, i) => {
    const m = /^\/\/ ((?:node_modules|worker|schema)\/\S+)$/.exec(text);
    if (m) starts.push([i, m[1]!.replace(/^node_modules\/((?:@[^/]+\/)?[^/]+).*$/, '$1')]);
  });
  return (line) => {
    let found = '(bundle prelude)';
    for (const [start, module] of starts) if (start <= line) found = module; else break;
    return found;
  };
}

async function cdp(url: string) {
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => { socket.onopen = resolve; socket.onerror = reject; });
  let id = 0;
  const waiting = new Map<number, (result: unknown) => void>();
  socket.onmessage = (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
    if (message.id !== undefined) waiting.get(message.id)?.(message.result);
  };
  return {
    send: <T>(method: string, params: object = {}) => new Promise<T>((resolve) => {
      waiting.set(++id, resolve as (r: unknown) => void);
      socket.send(JSON.stringify({ id, method, params }));
    }),
    close: () => socket.close(),
  };
}

const server = await startServer(BUNDLE, false, INSPECTOR_PORT);
try {
  const targets = await (await fetch(`http://127.0.0.1:${INSPECTOR_PORT}/json`)).json() as { webSocketDebuggerUrl: string; title: string }[];
  const target = targets.find((t) => t.title.includes('ginkgo')) ?? targets[0]!;
  const inspector = await cdp(target.webSocketDebuggerUrl);
  // Warm up first (the router is built on the first request, code gets optimised), then record.
  await runLoad({ url: server.url, scenario: name, connections: Number(clients), seconds: 2, run: 1, nonce: Math.floor(Math.random() * 4_000) });
  await inspector.send('Profiler.enable');
  await inspector.send('Profiler.setSamplingInterval', { interval: 200 });
  await inspector.send('Profiler.start');
  const job: LoadJob = { url: server.url, scenario: name, connections: Number(clients), seconds: Number(seconds), run: 2, nonce: Math.floor(Math.random() * 4_000) };
  const load: LoadResult = await runLoad(job);
  const { profile } = await inspector.send<{ profile: Profile }>('Profiler.stop');
  inspector.close();

  const self = new Map<number, number>();
  profile.samples.forEach((node, i) => self.set(node, (self.get(node) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const idle = profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').reduce((sum, n) => sum + (self.get(n.id) ?? 0), 0);
  const total = [...self.values()].reduce((a, b) => a + b, 0) - idle;
  const module = moduleAt();
  const byModule = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const n of profile.nodes) {
    if (n.callFrame.functionName === '(idle)') continue;
    const us = self.get(n.id) ?? 0;
    const where = n.callFrame.url.endsWith('index.js') ? module(n.callFrame.lineNumber) : (n.callFrame.url || `(${n.callFrame.functionName || 'runtime'})`);
    byModule.set(where, (byModule.get(where) ?? 0) + us);
    const fn = `${n.callFrame.functionName || '(anonymous)'} [${where}${where.includes('/') || !n.callFrame.url.endsWith('index.js') ? '' : `, bundle line ${n.callFrame.lineNumber + 1}`}]`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
  }
  const top = (m: Map<string, number>, k: number) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, k)
    .map(([key, us]) => `  ${((us / total) * 100).toFixed(1).padStart(5)}%  ${key}`).join('\n');
  console.log(`${name}, ${clients} clients, ${seconds} s: ${load.rps} req/s, p99 ${load.latencyMs.p99} ms; `
    + `the worker's thread was busy ${(total / 1e6).toFixed(1)} s, ${(total / load.requests / 1000).toFixed(2)} ms per request `
    + '(on a loaded machine this includes time the thread waited for a core).\n');
  console.log('Self time, as a share of the busy time:');
  console.log(`By module:\n${top(byModule, 15)}\n\nBusiest functions:\n${top(byFunction, 20)}`);
} finally {
  await server.mf.dispose();
}
