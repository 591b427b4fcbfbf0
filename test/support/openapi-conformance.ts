// Whether a response the API sent is one its OpenAPI document describes: a documented status of
// the operation, the documented headers (present where required, of the documented shape; the
// API's own headers not sent where undocumented) and a body of the documented content type and
// schema. Used inside workerd (the worker tests) and in Node (the e2e proxy), so the schemas are
// checked by @cfworker/json-schema, which interprets them: workerd forbids generated code (ajv).
import { dereference, validate, type Schema } from '@cfworker/json-schema';

export type Exchange = { method: string; url: string; status: number; headers: Record<string, string>; body: string };
export type Verdict = { operation: string; problems: string[] } | { operation?: undefined; problems: [] };

type Json = Record<string, unknown>;
type Header = { required?: boolean; schema?: Json; $ref?: string };
type Response = { headers?: Record<string, Header>; content?: Record<string, { schema?: Json }>; $ref?: string };
type Operation = { operationId?: string; responses: Record<string, Response> };
type Document = { paths: Record<string, Record<string, Operation>>; components?: Json };

/** The API's own response headers (worker/src/middleware/*): sent only where the document says. */
const OWN_HEADERS = ['X-Request-Id', 'Cache-Control', 'Server-Timing', 'ETag', 'Retry-After', 'Idempotent-Replayed'];
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

type Route = { method: string; template: string; pattern: RegExp; literals: number; op: Operation };

export class Conformance {
  private readonly routes: Route[];
  /** Every schema of the document by its URI, for `$ref`s: made once (it walks the whole document). */
  private readonly lookup: Record<string, Schema | boolean>;

  constructor(private readonly doc: Document) {
    this.lookup = dereference(doc as unknown as Schema);
    this.routes = Object.entries(doc.paths).flatMap(([template, ops]) => METHODS.filter((m) => ops[m]).map((method) => ({
      method: method.toUpperCase(), template, op: ops[method]!,
      pattern: new RegExp(`^${template.replace(/\{\w+\}/g, '[^/]+')}$`),
      literals: template.split('/').filter((s) => s && !s.startsWith('{')).length,
    })));
    // `/v1/branches/near` before `/v1/branches/{id}`.
    this.routes.sort((a, b) => b.literals - a.literals);
  }

  /** The operation a request is for, if the document claims it. */
  private route(method: string, path: string): Route | undefined {
    return this.routes.find((r) => r.method === method && r.pattern.test(path));
  }

  check(x: Exchange): Verdict {
    const path = new URL(x.url, 'http://api.invalid').pathname;
    const route = this.route(x.method.toUpperCase(), path);
    if (!route) return { problems: [] };
    const operation = `${route.op.operationId ?? '?'} (${route.method} ${route.template}) ${x.status}`;
    const response = this.resolve<Response>(route.op.responses[String(x.status)] ?? route.op.responses[`${String(x.status)[0]}XX`]);
    if (!response) {
      return { operation, problems: [`status ${x.status} is not documented (documented: ${Object.keys(route.op.responses).join(', ')})`] };
    }
    return { operation, problems: [...this.headerProblems(response, x), ...this.bodyProblems(response, x)] };
  }

  private headerProblems(response: Response, x: Exchange): string[] {
    const problems: string[] = [];
    const documented = Object.fromEntries(Object.entries(response.headers ?? {}).map(([name, h]) => [name.toLowerCase(), this.resolve<Header>(h)!]));
    for (const [name, header] of Object.entries(documented)) {
      const value = x.headers[name];
      if (value === undefined) {
        if (header.required) problems.push(`header ${name} is required but missing`);
        continue;
      }
      const errors = this.validate(header.schema ?? {}, typed(value, header.schema));
      if (errors.length) problems.push(`header ${name}: ${JSON.stringify(value)} ${errors.join('; ')} (documented: ${JSON.stringify(header.schema)})`);
    }
    for (const name of OWN_HEADERS) {
      if (x.headers[name.toLowerCase()] !== undefined && !documented[name.toLowerCase()]) problems.push(`header ${name} is sent but not documented`);
    }
    return problems;
  }

  private bodyProblems(response: Response, x: Exchange): string[] {
    const mediaType = (x.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (!response.content) return x.body === '' ? [] : [`a body (${mediaType || 'no Content-Type'}) where none is documented`];
    const content = response.content[mediaType];
    if (!content) return [`Content-Type ${mediaType || '(none)'} is not documented (documented: ${Object.keys(response.content).join(', ')})`];
    let value: unknown = x.body;
    if (/[/+]json$/.test(mediaType)) {
      try {
        value = JSON.parse(x.body);
      } catch {
        return ['the body is not JSON'];
      }
    }
    return this.validate(content.schema ?? {}, value).map((e) => `body ${e}`);
  }

  /** Errors of `value` against `schema`, one of the document's own (so its `$ref`s resolve in `lookup`). */
  private validate(schema: Json, value: unknown): string[] {
    // Stopping at the first error is fast; only a failure is checked again for every error.
    if (validate(value, schema as Schema, '2020-12', this.lookup, true).valid) return [];
    const result = validate(value, schema as Schema, '2020-12', this.lookup, false);
    // The innermost failures say most; the rest are the schemas that contain them.
    const deepest = result.errors.filter((e) => !result.errors.some((o) => o !== e && o.keywordLocation.startsWith(`${e.keywordLocation}/`)));
    return deepest.slice(0, 4).map((e) => `at ${e.instanceLocation.slice(1) || '/'}: ${e.error}`);
  }

  private resolve<T extends { $ref?: string }>(item: T | undefined): T | undefined {
    if (!item?.$ref) return item;
    const found = item.$ref.slice(2).split('/').reduce<unknown>((at, key) => (at as Json | undefined)?.[key.replaceAll('~1', '/').replaceAll('~0', '~')], this.doc);
    return this.resolve(found as T | undefined);
  }
}

/** A header's text as the type its schema names. */
function typed(value: string, schema: Json | undefined): unknown {
  if (schema?.type === 'integer' || schema?.type === 'number') return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  if (schema?.type === 'boolean') return value === 'true' ? true : value === 'false' ? false : value;
  return value;
}
