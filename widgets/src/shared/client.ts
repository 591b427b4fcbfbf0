// The widgets' only way to the API: the SDK. This file turns its typed errors into the few
// things a visitor can act on.
import {
  AuthenticationError, GinkgoPublic as Ginkgo, NetworkError, PermissionError, RateLimitError,
} from '../../../sdk/src/index.ts';
import type { Messages } from './i18n.ts';

export { Ginkgo };

export type Problem = 'missingKey' | 'keyRefused' | 'siteNotRegistered' | 'network' | 'rateLimited' | 'unknownError';

/**
 * A client, or why there cannot be one (the SDK refuses a malformed key at construction).
 * `fetch` replaces the global one, e.g. to bypass the HTTP cache.
 */
export function connect(key: string, baseUrl: string, fetch?: typeof globalThis.fetch): Ginkgo | Problem {
  if (!key) return 'missingKey';
  try {
    // Fewer retries and shorter waits than a server would accept: a visitor sees the retry
    // button (or the rate-limit message) in seconds, not after a minute's silence.
    return new Ginkgo({ key, baseUrl, fetch, maxRetries: 1, timeoutMs: 15_000, maxRetryWaitMs: 3_000 });
  } catch {
    return 'keyRefused';
  }
}

export function problemOf(error: unknown): Problem {
  if (error instanceof NetworkError) return 'network';
  if (error instanceof PermissionError && error.code === 'origin_not_allowed') return 'siteNotRegistered';
  if (error instanceof AuthenticationError || error instanceof PermissionError) return 'keyRefused';
  if (error instanceof RateLimitError) return 'rateLimited';
  return 'unknownError';
}

/** Problems the visitor can retry; a key problem needs the site's administrator instead. */
export const retryable = (problem: Problem) => problem === 'network' || problem === 'rateLimited' || problem === 'unknownError';

export const problemText = (problem: Problem, t: Messages): string => t[problem];
