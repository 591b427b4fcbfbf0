// The mobile verification (mobile-verification.ts), loaded when the member first asks for a code:
// a dynamic import, which the embed's build (and an npm user's bundler) splits into its own chunk.
// In the embed that chunk comes from the Ginkgo origin like the rest, so a page's CSP that lets
// /widgets.js run lets it run too; it loads in CORS mode, which its headers allow.
export const loadMobileVerification = (): Promise<typeof import('./mobile-verification.ts')> =>
  import('./mobile-verification.ts');
