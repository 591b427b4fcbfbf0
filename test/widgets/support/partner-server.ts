// A partner's or host portal's web server: pages on another origin than the API's (127.0.0.1 on a
// free port, or another loopback address: a site the demo key does not list), each made by `page`
// from the request's URL, for embedding tests.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export type PartnerPage = { body: string; headers?: Record<string, string> };
export type PartnerServer = { url: string; close: () => Promise<void> };

export async function servePartnerPages(page: (url: URL) => PartnerPage, host = '127.0.0.1'): Promise<PartnerServer> {
  const server = createServer((req, res) => {
    const { body, headers } = page(new URL(req.url ?? '/', 'http://partner'));
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', ...headers });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return {
    url: `http://${host}:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
