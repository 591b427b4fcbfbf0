// The mobile verification chunk (mobile-verification.ts), loaded when the member first asks for a
// code. For npm users' bundlers: a dynamic import of the module, which their build may split off.
// The embed (one classic script) replaces this file with load-mobile-verification.embed.ts.
export const loadMobileVerification = (_apiBase: string): Promise<typeof import('./mobile-verification.ts')> =>
  import('./mobile-verification.ts');
