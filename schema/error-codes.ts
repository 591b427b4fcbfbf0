// The error envelope's codes, and the code an HTTP status stands for. Free of zod: the SDK, which
// browsers load within a size budget, imports this at run time; schema/common.ts builds the
// envelope's zod enum from the same tuple.

export const errorCodes = [
  'validation_failed', 'unauthenticated', 'forbidden', 'not_found',
  'rate_limited', 'not_modified', 'conflict', 'idempotency_mismatch', 'verification_failed', 'internal',
  'payload_too_large', 'unsupported_media_type',
  // A publishable key used from a page whose origin is not listed on it (403).
  'origin_not_allowed',
  // Mobile verification by SMS code (schema/mobile-verification.ts).
  'mobile_unverified', 'code_incorrect', 'code_expired', 'code_exhausted', 'sms_unavailable',
  // Campaigns (docs/campaigns.md): a campaign past its draft (409); a personal letter's link or code.
  'campaign_not_draft', 'letter_link_invalid', 'letter_link_expired', 'letter_not_found',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

/**
 * The code for an error status that comes without one of our envelopes: the worker's answer to
 * an error hono raised itself, the SDK's to a proxy's HTML error page.
 */
export const codeForStatus = (status: number): ErrorCode =>
  status === 401 ? 'unauthenticated'
  : status === 403 ? 'forbidden'
  : status === 404 ? 'not_found'
  : status === 413 ? 'payload_too_large'
  : status === 415 ? 'unsupported_media_type'
  : status === 429 ? 'rate_limited'
  : status < 500 ? 'validation_failed'
  : 'internal';
