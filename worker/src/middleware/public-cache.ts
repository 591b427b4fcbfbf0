import type { MiddlewareHandler } from 'hono';
import { etag } from 'hono/etag';
import type { AppEnv } from '../env.ts';

const strongEtag = etag();

/**
 * Public reads: a content hash as `ETag` (a matching `If-None-Match` gets `304`) and a short
 * shared-cache lifetime, so portals and CDNs can serve repeat visits without reaching D1.
 */
export const publicCache = (maxAgeSeconds = 60): MiddlewareHandler<AppEnv> => async (c, next) => {
  await strongEtag(c, next);
  if (c.res.status === 200 || c.res.status === 304) {
    c.header('Cache-Control', `public, max-age=${maxAgeSeconds}, stale-while-revalidate=${maxAgeSeconds * 5}`);
  }
};
