import type { HumanVerifier } from './index.ts';

/** Local development and tests: everyone passes. */
export const none: HumanVerifier = {
  provider: 'none',
  siteKey: null,
  verify: async () => ({ ok: true }),
};
