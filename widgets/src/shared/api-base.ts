// Where the API is when a widget has no `api` attribute: the origin its script came from, so a
// partner pastes one script tag and nothing else.
//
// The one-script bundle is a classic script: `document.currentScript` is that <script> only
// while the bundle first runs, so it is read here, at module evaluation. The ESM build (npm) has
// no current script; `import.meta.url` names its own file there. The IIFE build defines
// `import.meta.url` as undefined (esbuild has no import.meta in IIFE).
const currentScript = typeof document === 'undefined' ? null : document.currentScript;
const loadedFrom = (currentScript instanceof HTMLScriptElement && currentScript.src) || import.meta.url;

function httpOrigin(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const { protocol, origin } = new URL(url);
    return protocol === 'http:' || protocol === 'https:' ? origin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The default API base URL. Bundled by an npm user, the module's own URL is the host page's
 * (or a file: URL), so the page's origin is the last resort; such users set `api` explicitly.
 */
export const defaultApiBase = (): string => httpOrigin(loadedFrom) ?? globalThis.location?.origin ?? '';
