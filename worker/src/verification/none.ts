import type { HumanVerifier } from './types.ts';

/** Tests only: everyone passes. */
export const none: HumanVerifier = {
  provider: 'none',
  siteKey: null,
  verify: async () => ({ ok: true }),
};
