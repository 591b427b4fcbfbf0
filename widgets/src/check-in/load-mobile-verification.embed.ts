// The embed's mobile verification chunk: /widgets/mobile-verification.js, an ES module the build
// makes next to /widgets.js (widgets/build.ts), imported from the classic script when the member
// first asks for a code. A page's CSP that lets /widgets.js run (`script-src` with the Ginkgo
// origin) lets it run too; it loads in CORS mode, which its headers allow (worker/static/_headers).
export const loadMobileVerification = (apiBase: string): Promise<typeof import('./mobile-verification.ts')> =>
  import(new URL('widgets/mobile-verification.js', apiBase).href);
