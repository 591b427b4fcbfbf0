// The interactive API docs (Scalar) at /docs. The page runs no inline script: the configuration is
// a JSON data attribute that Scalar's own script (/docs/scalar.js, from our static assets, never a
// CDN) reads when it loads, so the page's Content-Security-Policy allows scripts from this origin
// only. Nothing in it calls a third party.
import type { ApiReferenceConfiguration } from '@scalar/hono-api-reference';
import type { Handler } from 'hono';
import type { AppEnv } from '../env.ts';

export const DOCS_CONFIGURATION = {
  url: '/v1/openapi.json',
  favicon: '/favicon.svg',
  // Off, because each sends the API description or the visitor's actions to Scalar's servers:
  // the "Ask AI" agent, MCP generation, telemetry, and the developer toolbar (share, deploy,
  // generate SDKs). Web fonts would come from fonts.scalar.com. "Try it" requests go straight to
  // this origin (no proxyUrl, so no request proxy).
  agent: { disabled: true },
  mcp: { disabled: true },
  telemetry: false,
  showDeveloperTools: 'never',
  withDefaultFonts: false,
  // Staff come here with a secret key: the bearer scheme is chosen, the token field shown.
  authentication: { preferredSecurityScheme: 'bearer' },
} satisfies Partial<ApiReferenceConfiguration>;

/**
 * Scripts from this origin only (Scalar's bundle); styles also inline, since the bundle injects
 * its stylesheet at run time; requests ("Try it", the OpenAPI document) to this origin only; no
 * framing.
 */
export const DOCS_CSP = [
  "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:",
  "font-src 'self' data:", "connect-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const attribute = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

// `<script id="api-reference">` is Scalar's HTML API; as `application/json` it is data, which no
// CSP blocks, and empty, so the document comes from `data-url`.
const page = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Ginkgo API</title>
  <link rel="icon" href="/favicon.svg" type="image/svg+xml">
</head>
<body>
  <script id="api-reference" type="application/json" data-url="${DOCS_CONFIGURATION.url}"
    data-configuration="${attribute(JSON.stringify(DOCS_CONFIGURATION))}"></script>
  <script src="/docs/zod-jitless.js"></script>
  <script src="/docs/scalar.js"></script>
</body>
</html>
`;

export const docsPage: Handler<AppEnv> = (c) => c.html(page, 200, { 'Content-Security-Policy': DOCS_CSP });
