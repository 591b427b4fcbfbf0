// A small HTTP proxy in front of the real worker that fails requests on cue, so the SDK's
// retries and timeouts are tested against real sockets rather than a stubbed fetch.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type StatusFault = { kind: 'status'; status: number; retryAfter?: string; body?: string };
export type Fault =
  | StatusFault
  | { kind: 'drop' }                   // destroy the socket without answering
  | { kind: 'delay'; ms: number };     // answer, but only after `ms`

export const fail503: StatusFault = { kind: 'status', status: 503, body: JSON.stringify({ error: { code: 'internal', message: 'Injected 503.', requestId: 'req_proxy_503' } }) };
export const fail429: StatusFault = { kind: 'status', status: 429, retryAfter: '0', body: JSON.stringify({ error: { code: 'rate_limited', message: 'Injected 429.', requestId: 'req_proxy_429' } }) };
export const drop: Fault = { kind: 'drop' };
export const delay = (ms: number): Fault => ({ kind: 'delay', ms });

export interface FaultProxy {
  url: string;
  /** Requests received since the last `reset`, faulted or not. */
  readonly requests: number;
  /** The next requests meet these faults, one each, in order; later ones pass through. */
  reset(faults: Fault[]): void;
  close(): Promise<void>;
}

export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  let faults: Fault[] = [];
  let requests = 0;
  const timers = new Set<NodeJS.Timeout>();

  async function forward(req: IncomingMessage, res: ServerResponse) {
    const headers: Record<string, string> = {};
    for (const name of ['authorization', 'accept'] as const) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    try {
      const up = await fetch(`${upstream}${req.url}`, { headers });
      const out: Record<string, string> = {};
      for (const name of ['content-type', 'x-request-id', 'retry-after']) {
        const value = up.headers.get(name);
        if (value !== null) out[name] = value;
      }
      res.writeHead(up.status, out).end(Buffer.from(await up.arrayBuffer()));
    } catch {
      if (!res.headersSent) res.writeHead(502).end();
    }
  }

  const server = createServer((req, res) => {
    requests += 1;
    const fault = faults.shift();
    if (!fault) return void forward(req, res);
    if (fault.kind === 'drop') return void req.socket.destroy();
    if (fault.kind === 'delay') {
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!req.socket.destroyed) void forward(req, res); // the client may have given up already
      }, fault.ms);
      timers.add(timer);
      return;
    }
    res.writeHead(fault.status, {
      'content-type': 'application/json',
      ...(fault.retryAfter === undefined ? {} : { 'retry-after': fault.retryAfter }),
    }).end(fault.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    get requests() { return requests; },
    reset(next) { faults = [...next]; requests = 0; },
    close: () => new Promise((resolve) => {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
