// A reverse proxy in front of `wrangler dev` for the e2e project: the SDK, widget and console
// tests reach the worker through it, and it checks every /v1/ response against the OpenAPI
// document (test/support/openapi-conformance.ts) as it passes. What does not conform is kept
// until a test file asks for it (GET /__openapi-conformance, see openapi-e2e-check.ts), so that
// the file that caused it fails.
import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { Conformance } from './openapi-conformance.ts';

export const CONFORMANCE_PATH = '/__openapi-conformance';
export type ConformanceReport = { checked: number; failures: string[] };

const decoded = (body: Buffer, encoding: string | undefined): Buffer =>
  encoding === 'gzip' ? gunzipSync(body) : encoding === 'br' ? brotliDecompressSync(body) : encoding === 'deflate' ? inflateSync(body) : body;

const flat = (headers: IncomingHttpHeaders) =>
  Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v ?? '']));

/** Starts the proxy to `target` (an origin) on a free local port; the Host header passes unchanged. */
export async function startRecordingProxy(target: string): Promise<{ url: string; stop: () => Promise<ConformanceReport> }> {
  const upstream = new URL(target);
  const conformance = new Conformance(await (await fetch(`${target}/v1/openapi.json`)).json());
  const report: ConformanceReport = { checked: 0, failures: [] };
  let checkedSinceAsked = 0;

  const server = createServer((req, res) => {
    if (req.url === CONFORMANCE_PATH) {
      const answer: ConformanceReport = { checked: checkedSinceAsked, failures: report.failures.splice(0) };
      checkedSinceAsked = 0;
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(answer));
      return;
    }
    const path = req.url ?? '/';
    const recorded = path.startsWith('/v1/') && req.method !== 'OPTIONS' && req.method !== 'HEAD';
    const forward = request({
      host: upstream.hostname, port: upstream.port, method: req.method, path, headers: req.headers,
    }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.rawHeaders);
      const chunks: Buffer[] = [];
      up.on('data', (chunk: Buffer) => {
        if (recorded) chunks.push(chunk);
        res.write(chunk);
      });
      up.on('end', () => {
        res.end();
        if (!recorded) return;
        const headers = flat(up.headers);
        const raw = Buffer.concat(chunks);
        let body: string;
        try {
          // A 304 keeps the Content-Encoding of the body it stands for, with no body.
          body = (raw.length ? decoded(raw, headers['content-encoding']) : raw).toString('utf8');
        } catch {
          body = '(a body that does not decode as its Content-Encoding says)';
        }
        const { operation, problems } = conformance.check({ method: req.method ?? 'GET', url: path, status: up.statusCode ?? 0, headers, body });
        if (!operation) return;
        report.checked++;
        checkedSinceAsked++;
        if (problems.length) report.failures.push(`${operation}: ${problems.join('; ')} (${req.method} ${path})`);
      });
    });
    forward.on('error', (err) => res.destroy(err));
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('the proxy has no port');
  return {
    url: `http://localhost:${address.port}`,
    stop: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve(report));
    }),
  };
}
