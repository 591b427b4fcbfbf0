// Where the API is when a widget has no `api` attribute: the origin its code came from, so a
// partner pastes one script tag and nothing else. In the embed, the widgets are ES module chunks
// that /widgets.js imports from its own origin: `import.meta.url` names the chunk, on that origin.
// Bundled by an npm user, it names the user's bundle instead (the host page's origin, or a file:
// URL), so the page's origin is the last resort there; such users set `api` explicitly.
function httpOrigin(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const { protocol, origin } = new URL(url);
    return protocol === 'http:' || protocol === 'https:' ? origin : undefined;
  } catch {
    return undefined;
  }
}

/** The default API base URL. */
export const defaultApiBase = (): string => httpOrigin(import.meta.url) ?? globalThis.location?.origin ?? '';
