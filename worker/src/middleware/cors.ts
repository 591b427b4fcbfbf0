import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.ts';

const EXPOSED = 'ETag, X-Request-Id, Retry-After, Server-Timing, Idempotent-Replayed';

/**
 * CORS for the API. A preflight carries no key, so it is answered for any origin; the real
 * request is then checked against its key's origins (`requireKey`), and only an allowed origin
 * is echoed back, so the browser hides every other response from the page. A 401 or 403 (no
 * key, an unknown one, a site not listed on the key) is readable by any page, so a misconfigured
 * widget can say why it fails: such a response carries the error envelope and nothing else.
 */
export const cors = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  const origin = c.req.header('Origin');
  if (c.req.method === 'OPTIONS' && origin && c.req.header('Access-Control-Request-Method')) {
    return c.body(null, 204, {
      'Access-Control-Allow-Origin': origin,
      'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
      'Access-Control-Allow-Headers': 'Authorization, Content-Type, Idempotency-Key, If-None-Match',
      'Access-Control-Max-Age': '600',
      Vary: 'Origin',
    });
  }
  await next();
  c.res.headers.append('Vary', 'Origin');
  if (origin && (c.var.key?.kind === 'publishable' || c.res.status === 401 || c.res.status === 403)) {
    c.header('Access-Control-Allow-Origin', origin);
    c.header('Access-Control-Expose-Headers', EXPOSED);
  }
};
