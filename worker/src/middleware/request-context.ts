import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.ts';

const INCOMING_ID = /^[A-Za-z0-9_-]{8,64}$/;

/** Gives each request an id (echoed as `X-Request-Id`, put in every error) and logs one line for it. */
export const requestContext = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  const incoming = c.req.header('X-Request-Id');
  const requestId = incoming && INCOMING_ID.test(incoming) ? incoming : `req_${crypto.randomUUID().replaceAll('-', '')}`;
  c.set('requestId', requestId);
  const started = Date.now();
  await next();
  c.header('X-Request-Id', requestId);
  console.log(JSON.stringify({
    requestId, method: c.req.method, path: c.req.path, status: c.res.status, ms: Date.now() - started,
  }));
};
