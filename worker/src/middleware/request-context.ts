import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.ts';

/** What a client's own `X-Request-Id` may look like to be kept as its correlation id. */
const INCOMING_ID = /^[A-Za-z0-9_-]{8,64}$/;

/**
 * Gives each request an id made here (echoed as `X-Request-Id`, put in every error and audit
 * entry) and logs one line for it. A client's `X-Request-Id` is never the request id: two
 * clients, or two keys, could send the same one and their entries would look like one request.
 * A well-formed one is kept apart as `correlationId`, logged and audited beside the request id.
 */
export const requestContext = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  const incoming = c.req.header('X-Request-Id');
  const correlationId = incoming !== undefined && INCOMING_ID.test(incoming) ? incoming : undefined;
  const requestId = `req_${crypto.randomUUID().replaceAll('-', '')}`;
  c.set('requestId', requestId);
  c.set('correlationId', correlationId);
  const started = Date.now();
  await next();
  c.header('X-Request-Id', requestId);
  console.log(JSON.stringify({
    requestId, ...(correlationId ? { correlationId } : {}),
    method: c.req.method, path: c.req.path, status: c.res.status, ms: Date.now() - started,
  }));
};
