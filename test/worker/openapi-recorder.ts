// A setup file of the worker project: it records every response a test file gets from the worker
// (through `fetchWorker`, which the tests' `call` uses for `SELF.fetch`; `app.request`; the fuzz
// test's `send`) and, after the file, checks each one under /v1/ that the OpenAPI document claims
// against it (test/support/openapi-conformance.ts). A response the document does not describe
// fails the file, naming the operation, the status and what broke.
import { SELF } from 'cloudflare:test';
import { afterAll } from 'vitest';
import { app } from '../../worker/src/app.ts';
import { Conformance, type Exchange } from '../support/openapi-conformance.ts';

const seen: Promise<Exchange>[] = [];

/** Records an exchange whose body was read already. */
export function recordExchange(x: Exchange): void {
  seen.push(Promise.resolve(x));
}

/** Records `response` (a copy of it: the test reads the original) to `method url`. */
export function recordResponse(method: string, url: string, response: Response): void {
  const copy = response.clone();
  // A file (xlsx, PNG) is checked for its Content-Type only: its bytes stand as a placeholder text.
  const text = /json|text/.test(copy.headers.get('Content-Type') ?? '');
  const body = text ? copy.text() : copy.arrayBuffer().then((bytes) => (bytes.byteLength ? `(${bytes.byteLength} bytes)` : ''));
  seen.push(body.then((body) => ({
    method: method.toUpperCase(), url, status: copy.status, headers: Object.fromEntries(copy.headers), body,
  })));
}

const methodOf = (input: RequestInfo | URL, init?: RequestInit) => init?.method ?? (input instanceof Request ? input.method : 'GET');
const urlOf = (input: RequestInfo | URL) => (input instanceof Request ? input.url : String(input));

/** `SELF.fetch`, recorded (SELF itself cannot be wrapped: it is a proxy that ignores writes). */
export async function fetchWorker(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const response = await SELF.fetch(input, init);
  recordResponse(methodOf(input, init), urlOf(input), response);
  return response;
}
const appRequest = app.request;
app.request = async (input, init, ...rest) => {
  const response = await appRequest(input, init, ...rest);
  recordResponse(methodOf(input, init), urlOf(input), response);
  return response;
};

afterAll(async () => {
  const exchanges = await Promise.all(seen.splice(0));
  if (exchanges.length === 0) return;
  const doc = await (await SELF.fetch('http://ginkgo.test/v1/openapi.json')).json();
  const conformance = new Conformance(doc as ConstructorParameters<typeof Conformance>[0]);
  const failures = new Map<string, string[]>();
  for (const x of exchanges) {
    const { operation, problems } = conformance.check(x);
    if (!operation || problems.length === 0) continue;
    const what = `${operation}: ${problems.join('; ')}`;
    failures.set(what, [...failures.get(what) ?? [], x.url]);
  }
  if (failures.size) {
    const lines = [...failures].slice(0, 30).map(([what, urls]) => `- ${what} (${urls.length}×, e.g. ${urls[0]})`);
    const more = failures.size > 30 ? `\n… and ${failures.size - 30} more` : '';
    throw new Error(`Responses the OpenAPI document does not describe:\n${lines.join('\n')}${more}`);
  }
});
