// Proving a mobile number by SMS code before a check-in (docs/mobile-verification.md): the
// human-verification challenge, sending a code, checking it for a signed proof.
import { z } from '@hono/zod-openapi';
import { normaliseMobile } from './mobile.ts';

/** A mainland mobile number as typed, normalised on parsing (the form checks it with the same rule). */
export const MobileNumber = z.string().max(32).transform((v, ctx) => {
  const mobile = normaliseMobile(v);
  if (mobile === null) ctx.addIssue({ code: 'custom', message: 'Not a mainland China mobile number (11 digits starting with 1).' });
  return mobile ?? v;
}).openapi({ type: 'string', example: '138 0000 0001', description: 'Mainland mobile; spaces, dashes, +86 and full-width digits are accepted and normalised.' });

/** A signed proof from `POST /v1/mobile-verifications/{id}/check`. */
export const MobileProofToken = z.string().max(512);

/** The limits the form shows and the server applies (no looser than the SMS vendors' own). */
export const MOBILE_CODE = {
  length: 6,
  ttlSeconds: 300,
  maxAttempts: 5,
  resendAfterSeconds: 60,
  /** Codes per number: Aliyun's default limits for verification codes. */
  perNumberPerHour: 5,
  perNumberPerDay: 10,
  /** Codes per client address. */
  perAddressPerHour: 10,
  perAddressPerDay: 20,
  /** Codes per number from one address: locking a number out for a day takes several addresses. */
  perNumberAndAddressPerDay: 3,
  /** How long a verified number's proof lasts: long enough for a submission queued offline. */
  proofTtlSeconds: 24 * 60 * 60,
} as const;

export const MobileVerificationSettings = z.object({
  codeLength: z.number().int(),
  codeTtlSeconds: z.number().int(),
  resendAfterSeconds: z.number().int(),
  maxAttempts: z.number().int(),
}).openapi('MobileVerificationSettings', { description: 'How the SMS code works; a check-in from the form needs one.' });

export const mobileVerificationSettings = {
  codeLength: MOBILE_CODE.length, codeTtlSeconds: MOBILE_CODE.ttlSeconds,
  resendAfterSeconds: MOBILE_CODE.resendAfterSeconds, maxAttempts: MOBILE_CODE.maxAttempts,
} satisfies z.infer<typeof MobileVerificationSettings>;

/** An ALTCHA v2 challenge, as altcha-lib makes it: the form solves it before asking for a code. */
export const HumanChallenge = z.object({
  parameters: z.object({
    algorithm: z.string(), nonce: z.string(), salt: z.string(), cost: z.number().int(), keyLength: z.number().int(),
    keyPrefix: z.string(), keySignature: z.string().optional(), expiresAt: z.number().int().optional(),
    memoryCost: z.number().int().optional(), parallelism: z.number().int().optional(),
    data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
  }),
  signature: z.string().optional(),
}).openapi('HumanChallenge', { description: 'Solve with altcha-lib `solveChallenge`; accepted once, for 10 minutes.' });

export const MobileVerificationCreate = z.object({
  mobile: MobileNumber,
  humanProof: z.string().max(4096).optional().openapi({
    description: 'ALTCHA: base64 of `JSON.stringify({ challenge, solution })`; Turnstile: its token. Omitted only with provider `none`.',
  }),
}).openapi('MobileVerificationCreate');

export const MobileVerificationSent = z.object({
  id: z.string().openapi({ example: 'mv_3f9c2a7b1d0e4f5a6b7c' }),
  expiresAt: z.number().int().openapi({ description: 'When the code stops working (unix ms).' }),
  resendAt: z.number().int().openapi({ description: 'When another code may be asked for this number (unix ms).' }),
  codeLength: z.number().int(),
}).openapi('MobileVerificationSent');

export const MobileVerificationCheck = z.object({
  code: z.string().trim().regex(/^\d{6}$/, 'Six digits.'),
}).openapi('MobileVerificationCheck');

export const MobileProof = z.object({
  mobileProof: z.string().openapi({ description: 'Send with the check-in (`mobileProof`) or a status lookup. Signed; names the tenant and the number.' }),
  expiresAt: z.number().int().openapi({ description: 'Unix ms.' }),
}).openapi('MobileProof');

export type HumanChallenge = z.infer<typeof HumanChallenge>;
export type MobileVerificationSettings = z.infer<typeof MobileVerificationSettings>;
export type MobileVerificationCreate = z.input<typeof MobileVerificationCreate>;
export type MobileVerificationSent = z.infer<typeof MobileVerificationSent>;
export type MobileVerificationCheck = z.input<typeof MobileVerificationCheck>;
export type MobileProof = z.infer<typeof MobileProof>;
