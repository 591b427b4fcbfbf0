// Typed errors: one class per kind of failure, so callers branch with `instanceof`.
import type { ErrorCode } from '../../schema/error-codes.ts';

/** The envelope's codes, plus the two kinds of failure that never reach the server's envelope. */
export type GinkgoErrorCode = ErrorCode | 'network_error' | 'timeout';

export interface GinkgoErrorInit {
  code: GinkgoErrorCode;
  status?: number;
  requestId?: string;
  details?: unknown;
  cause?: unknown;
}

export class GinkgoError extends Error {
  readonly code: GinkgoErrorCode;
  /** HTTP status; undefined when no response arrived. */
  readonly status: number | undefined;
  /** The server's request id (quote it in support requests); undefined when no response arrived. */
  readonly requestId: string | undefined;
  /** Validation problems etc., as the server sent them. */
  readonly details: unknown;

  constructor(message: string, init: GinkgoErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    // Minifiers mangle class names, so set the name explicitly.
    this.name = 'GinkgoError';
    this.code = init.code;
    this.status = init.status;
    this.requestId = init.requestId;
    this.details = init.details;
  }
}

export class ValidationError extends GinkgoError { override name = 'ValidationError'; }
export class AuthenticationError extends GinkgoError { override name = 'AuthenticationError'; }
export class PermissionError extends GinkgoError { override name = 'PermissionError'; }
export class NotFoundError extends GinkgoError { override name = 'NotFoundError'; }
export class ServerError extends GinkgoError { override name = 'ServerError'; }
/** No usable response: the fetch failed, the connection dropped, or the body was not JSON. */
export class NetworkError extends GinkgoError { override name = 'NetworkError'; }
/** An attempt took longer than `timeoutMs`. */
export class TimeoutError extends NetworkError { override name = 'TimeoutError'; }

export class RateLimitError extends GinkgoError {
  override name = 'RateLimitError';
  /** From `Retry-After`, when the server sent one. */
  retryAfterMs: number | undefined;
}

/** The class for an HTTP error status. */
export function errorClassFor(status: number): typeof GinkgoError {
  if (status === 400 || status === 422) return ValidationError;
  if (status === 401) return AuthenticationError;
  if (status === 403) return PermissionError;
  if (status === 404) return NotFoundError;
  if (status === 429) return RateLimitError;
  return status >= 500 ? ServerError : GinkgoError;
}
