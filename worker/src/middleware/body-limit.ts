import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../env.ts';
import { HttpError } from '../errors.ts';

/**
 * The most a request body may hold: 64 KB. Every body the API takes is JSON, and the largest a
 * schema allows on the public and member routes is a station with every text at its maximum
 * (about 12 KB in UTF-8, twice that with Chinese written as \u escapes); a check-in is under 2 KB.
 */
export const BODY_LIMIT_BYTES = 64 * 1024;

/**
 * The two staff routes that replace a whole list in one body may take 1 MB: at their schema's
 * maxima, 400 dated exceptions with 200-character notes in both languages are 355 KB (UTF-8) and
 * 50 volunteer teams with full descriptions 247 KB, about 1.6 times that as \u escapes.
 */
const LARGER: readonly { method: string; path: RegExp; bytes: number }[] = [
  { method: 'PUT', path: /^\/v1\/stations\/[^/]+\/(hours|volunteer-teams)$/, bytes: 1024 * 1024 },
  // Roster imports: 1000 rows to check, 200 to write. A row of a real roster is about 150 bytes;
  // at the checks' own limits (40, 60 and 80 characters, long unit names) about 1.2 KB.
  { method: 'POST', path: /^\/v1\/roster\/imports\/validate$/, bytes: 2 * 1024 * 1024 },
  { method: 'POST', path: /^\/v1\/roster\/imports\/[^/]+\/batches$/, bytes: 512 * 1024 },
];

const kb = (bytes: number) => `${bytes / 1024} KB`;

/**
 * Refuses a body over the limit with `413 payload_too_large`, before anything reads it: at once
 * when `Content-Length` says so, and while reading when the body comes without one (chunked),
 * so a client cannot make the worker buffer more than the limit.
 */
export const limitBodies = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  const maxSize = LARGER.find((r) => r.method === c.req.method && r.path.test(c.req.path))?.bytes ?? BODY_LIMIT_BYTES;
  return bodyLimit({
    maxSize,
    onError: () => {
      throw new HttpError(413, 'payload_too_large', `The request body is larger than ${kb(maxSize)}, the most this route takes.`, { maxBytes: maxSize });
    },
  })(c, next);
};
