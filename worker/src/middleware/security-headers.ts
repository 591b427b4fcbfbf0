import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.ts';

/**
 * What a worker response may load or run when it is not a page: nothing. Pages the worker makes
 * set their own (the docs, the QR posters); each also refuses framing.
 */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * Headers on every response the worker makes (static files get theirs from worker/static/_headers).
 * The product is embedded by script, never by frame, so nothing of the API or docs may be framed;
 * and nothing is cached unless a route says so.
 */
export const securityHeaders = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  await next();
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', 'strict-origin-when-cross-origin');
  c.header('X-Frame-Options', 'DENY');
  if (!c.res.headers.has('Content-Security-Policy')) c.header('Content-Security-Policy', API_CSP);
  // Only public reads opt in to caching (publicCache); personal data and errors are never stored.
  if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store');
};
