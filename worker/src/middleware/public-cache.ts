import type { MiddlewareHandler } from 'hono';
import { etag } from 'hono/etag';
import type { AppEnv } from '../env.ts';

const strongEtag = etag();

/**
 * Public reads: a content hash as `ETag` (a matching `If-None-Match` gets `304`) and a short
 * cache lifetime, so portals and CDNs can serve repeat visits without reaching D1. Shared caches
 * may keep only responses whose key is in the URL (and so in the cache key); a response to a key
 * in the `Authorization` header is for that caller alone.
 */
export const publicCache = (maxAgeSeconds = 60): MiddlewareHandler<AppEnv> => async (c, next) => {
  await strongEtag(c, next);
  if (c.res.status === 200 || c.res.status === 304) {
    const who = c.req.query('key') === undefined ? 'private' : 'public';
    c.header('Cache-Control', `${who}, max-age=${maxAgeSeconds}, stale-while-revalidate=${maxAgeSeconds * 5}`);
  }
};
