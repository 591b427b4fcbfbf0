// One error type for the whole API, rendered as the JSON envelope of docs/api.md.
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { codeForStatus, type ApiError, type ErrorCode } from '../../schema/index.ts';
import type { AppEnv } from './env.ts';

export class HttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    /** Extra response headers, e.g. `Retry-After` on a 429. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new HttpError(404, 'not_found', `${what} was not found.`);

export function errorResponse(c: Context<AppEnv>, err: HttpError) {
  for (const [name, value] of Object.entries(err.headers ?? {})) c.header(name, value);
  const body: ApiError = {
    error: {
      code: err.code,
      message: err.message,
      requestId: c.get('requestId') ?? 'unknown',
      ...(err.details === undefined ? {} : { details: err.details }),
    },
  };
  return c.json(body, err.status);
}

/** `app.onError`: known errors keep their status; anything else is logged and hidden. */
export function onError(err: Error, c: Context<AppEnv>) {
  // drizzle wraps what a query throws (the key check's 401 among it) in an error of its own.
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof HttpError) return errorResponse(c, e);
  }
  if (err instanceof HTTPException && err.status < 500) {
    // The route validators answer a body in another format with a bare 415: say what to send.
    const message = err.status === 415 ? 'The request body must be JSON, sent with Content-Type: application/json.'
      : err.message || 'The request was refused.';
    return errorResponse(c, new HttpError(err.status, codeForStatus(err.status), message));
  }
  console.error(JSON.stringify({
    level: 'error', requestId: c.get('requestId'), path: c.req.path,
    error: err.message, cause: String((err as { cause?: unknown }).cause ?? ''), stack: err.stack,
  }));
  return errorResponse(c, new HttpError(500, 'internal', 'Something went wrong on our side. Quote the request id if you report it.'));
}

export const onNotFound = (c: Context<AppEnv>) =>
  errorResponse(c, new HttpError(404, 'not_found', `No route for ${c.req.method} ${c.req.path}.`));
