// Builds the widgets: the one-script embed bundle the worker serves as /widgets.js (with the one
// chunk it imports later, the check-in form's mobile verification), the ESM build for npm users,
// and the custom elements manifest. Called by scripts/build.ts.
import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { minify, type MinifyOptions } from 'terser';
import { minifyTemplatesPlugin } from './minify-templates.ts';
import { trimLitHtmlPlugin } from './trim-lit-html.ts';
import { checkInMessages } from './src/check-in/messages.ts';
import { verificationMessages } from './src/check-in/mobile-verification.messages.ts';
import { directoryMessages } from './src/station-directory/messages.ts';

const entry = 'widgets/src/index.ts';

const common: BuildOptions = {
  entryPoints: [entry], bundle: true, target: 'es2021', logLevel: 'warning', legalComments: 'eof',
};

/**
 * Message keys the embed build shortens like `_` members (about 290 B gzipped). esbuild renames a
 * property name everywhere in the bundle, so a key is listed only if nothing else uses its name as
 * a property: no API field (schema/), no DOM or lit-html member, no key read with a computed name
 * (`t[problem]`, the geolocation texts), no key of a nested table (categories, statuses), nothing
 * stored (the outbox) or named in markup (field ids), and no name a DOM object has (title, search,
 * submit…), which later code could read. A listed key that is none of the tables' fails the build.
 */
export const messageKeys = [
  'intro', 'locate', 'locating', 'allCities', 'searchPlaceholder', 'searchButton', 'found',
  'nearYou', 'empty', 'emptyHint', 'showAll', 'errorTitle', 'retry', 'noCommittee', 'phone', 'fewerThanTen',
  'more', 'noBranch', 'changeBranch', 'pickBranch', 'mobileHint', 'choosePrompt', 'currentCityHint',
  'consentTitle', 'consentCheck', 'privacy', 'sending', 'choose1', 'mobileInvalid', 'branchMissing',
  'consentMissing', 'checkField', 'incomplete', 'summary', 'notSent', 'saved', 'doneTitle', 'lookupTitle',
  'lookupNotFound', 'requests', 'keepCodes', 'requestStatus', 'needNames', 'categoryNames', 'allCategories',
  'count', 'shown', 'today', 'tomorrow', 'notCopied', 'copiedAddress', 'copyFailed', 'dayRange', 'rest',
  'nextDay', 'special', 'closedAllDay', 'sep', 'free', 'distance', 'members', 'copied',
  'lookup', 'notice', 'sendCode', 'offline', 'verifyFirst',
];
/**
 * The SDK's private members and its request and retry options, which only its own code and the
 * widgets' connect() read, and mobileVerifications, which only the mobile verification chunk
 * (built with the same names) calls: in the embed nothing outside the bundle sees the SDK instance. Not
 * listed: names that reach fetch (method, headers, body), the API (path details, requestId) or
 * IndexedDB (idempotencyKey).
 */
export const sdkMemberNames = [
  'http', 'firstPage', 'attempt', 'outcome', 'retryBaseMs', 'maxRetryWaitMs', 'timeoutMs', 'maxRetries', 'idempotent', 'retryAfterMs', 'mobileVerifications',
];
const tableKeys = new Set([...Object.keys(directoryMessages.en), ...Object.keys(checkInMessages.en), ...Object.keys(verificationMessages.en)]);
const strayKeys = messageKeys.filter((k) => !tableKeys.has(k));
if (strayKeys.length) throw new Error(`build.ts: messageKeys not in any message table: ${strayKeys.join(', ')}`);

/** The check-in's mobile verification (SMS code step, status lookup): its own chunk in the embed. */
const verificationEntry = 'widgets/src/check-in/mobile-verification.ts';
export const VERIFICATION_CHUNK = 'widgets/mobile-verification.js';

/**
 * In the embed, the form loads its mobile verification from VERIFICATION_CHUNK instead of bundling
 * it: load-mobile-verification.ts (a dynamic import of the module, for npm users' bundlers) is
 * replaced by load-mobile-verification.embed.ts (an import of the chunk's URL).
 */
const verificationChunkPlugin: Plugin = {
  name: 'mobile-verification-chunk',
  setup(b) {
    b.onResolve({ filter: /\/load-mobile-verification\.ts$/ }, () => ({ path: resolve('widgets/src/check-in/load-mobile-verification.embed.ts') }));
  },
};

/**
 * Partners paste one <script>: one classic script, no eval; the only chunk, VERIFICATION_CHUNK, is
 * imported by that script itself when a member asks for an SMS code. The target
 * stays es2021: at es2022 esbuild turns static fields into `static {}` blocks (Safari 16.4+), and
 * members of WeChat on iPhones run their iOS's WebKit. Private members are `_`-prefixed TypeScript
 * `private`s instead of `#private`s, which es2021 would compile to WeakMap helpers.
 */
export const embedOptions: BuildOptions = {
  ...common, format: 'iife', minify: true,
  // There is no import.meta in a classic script; api-base.ts uses document.currentScript there.
  // Nor is there Node's `process` in a browser: the SDK's Node-only default base URL drops out (the
  // widgets always pass one), even on a page that defines a `process` of its own.
  define: { 'import.meta.url': 'undefined', 'globalThis.process': 'undefined' },
  plugins: [minifyTemplatesPlugin, trimLitHtmlPlugin, verificationChunkPlugin],
  // Underscored members get short names: the widgets' reactive state, private fields and methods,
  // and lit-html's own `_$…` members. Those are a protocol between copies of Lit, but no template
  // or part crosses from this bundle's lit-html to another copy on the page (the elements render
  // with their own render(), and never take a Lit element's template). The SDK and the API's JSON
  // have no `_` names.
  // So do the message keys of messageKeys and the SDK members of sdkMemberNames (above).
  mangleProps: new RegExp(`^(_.*|${[...messageKeys, ...sdkMemberNames].join('|')})$`),
  // The widgets take html, svg, nothing and render from 'lit' (npm users' lit); the embed needs
  // only lit-html for them, not lit's LitElement and ReactiveElement (shared/element.ts replaces them).
  alias: { lit: 'lit-html' },
};

/**
 * A second pass over esbuild's output: terser's compressor finds a few hundred bytes more (3 passes
 * measured smaller than 2). Inlining only simple functions (`inline: 1`) and dropping unused
 * property reads (`pure_getters`: no getter here has a side effect) gzip 17 B smaller together.
 * `comments: 'some'` keeps esbuild's `/*!` block of bundled licenses.
 */
const terserOptions: MinifyOptions = {
  ecma: 2020, compress: { passes: 3, inline: 1, pure_getters: true }, mangle: true, format: { comments: 'some', ascii_only: true },
};

/**
 * ASCII only, as esbuild writes it: a partner's page may be GBK-encoded and the script is then
 * decoded as GBK unless the server names a charset. terser's ascii_only leaves template literal
 * text alone; a \uXXXX escape means the same there (Lit reads the cooked strings), as in strings,
 * regular expressions and comments, the only places a non-ASCII character can be after minifying.
 */
const asciiOnly = (code: string) => code.replace(/[^\0-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/**
 * esbuild's block of bundled licenses, on one line: each file's name, then its license comment
 * word for word (the copyright line and the SPDX identifier), without the box drawing.
 */
const compactLicenses = (code: string) => code.replace(/\/\*! Bundled license information:\n([\s\S]*)\*\/\s*$/, (_, body: string) =>
  `/*! ${body.split('\n').map((line) => line.replace(/^\s*(\(\*\*|\*\)|\*)?\s*/, '').trim()).filter(Boolean).join(' ')} */\n`);

/** The embed script for an entry (index.ts: all three widgets; a define.ts: one widget). */
export async function bundleEmbed(entryPoint = entry): Promise<string> {
  return (await bundleEmbedMangled(entryPoint)).code;
}

async function bundleEmbedMangled(entryPoint: string): Promise<{ code: string; mangleCache: Record<string, string | false> }> {
  const result = await build({ ...embedOptions, entryPoints: [entryPoint], write: false, mangleCache: {} });
  const { code } = await minify(result.outputFiles[0]!.text, terserOptions);
  if (!code) throw new Error(`terser produced nothing for ${entryPoint}`);
  // An empty cache in asks esbuild for the names it chose.
  if (!result.mangleCache) throw new Error('esbuild returned no mangle cache');
  return { code: compactLicenses(asciiOnly(code)), mangleCache: result.mangleCache };
}

/**
 * The mobile verification chunk, an ES module (the classic script imports it when the member first
 * asks for a code). It shares the script's lit-html and SDK client (passed in, not bundled), and
 * reads the form's mangled members, so it is built with the script's mangle cache: the same names
 * for the same members, and new names that none of the script's take.
 */
export async function bundleVerificationChunk(mangleCache: Record<string, string | false>): Promise<string> {
  const result = await build({
    ...embedOptions, entryPoints: [verificationEntry], format: 'esm', write: false, mangleCache, metafile: true,
    plugins: [minifyTemplatesPlugin, trimLitHtmlPlugin],
  });
  const copies = Object.keys(result.metafile.inputs).filter((path) => /node_modules\/lit|\/sdk\/src\//.test(path));
  if (copies.length) throw new Error(`The mobile verification chunk must take lit-html and the SDK from the form, not bundle them: ${copies.join(', ')}`);
  // A copy: terser writes `module` into the options' nested objects, which the script must not get.
  const { code } = await minify(result.outputFiles[0]!.text, { ...structuredClone(terserOptions), module: true });
  if (!code) throw new Error('terser produced nothing for the mobile verification chunk');
  return compactLicenses(asciiOnly(code));
}

/** /widgets.js and its mobile verification chunk, built as the worker serves them. */
export async function bundleEmbedAndChunk(): Promise<{ script: string; chunk: string }> {
  const { code, mangleCache } = await bundleEmbedMangled(entry);
  return { script: code, chunk: await bundleVerificationChunk(mangleCache) };
}

export const gzipBytes = (code: string | Uint8Array): number => gzipSync(code, { level: 9 }).length;

/**
 * Each widget alone, as its own define.ts would be bundled: measured, not served. (The served chunk
 * has /widgets.js's mangled names, not these bundles'.)
 */
export const widgetEntries = {
  'branch-finder': 'widgets/src/branch-finder/define.ts',
  'check-in': 'widgets/src/check-in/define.ts',
  'station-directory': 'widgets/src/station-directory/define.ts',
} as const;

/**
 * Gzipped bytes (level 9) of /widgets.js and of each widget bundled alone, e.g.
 * `{ 'widgets.js': 24206, 'branch-finder': 14178, 'check-in': …, 'station-directory': … }`. Used by the size tests and bench/.
 */
export async function widgetSizes(): Promise<Record<string, number>> {
  const names = ['widgets.js', ...Object.keys(widgetEntries)];
  const codes = await Promise.all([bundleEmbed(), ...Object.values(widgetEntries).map((e) => bundleEmbed(e))]);
  return Object.fromEntries(names.map((name, i) => [name, gzipBytes(codes[i]!)]));
}

export async function buildWidgets(assetsDir: string): Promise<void> {
  await mkdir(join(assetsDir, 'widgets'), { recursive: true });
  await Promise.all([
    bundleEmbedAndChunk().then(({ script, chunk }) => Promise.all([
      writeFile(join(assetsDir, 'widgets.js'), script),
      writeFile(join(assetsDir, VERIFICATION_CHUNK), chunk),
    ])),
    // npm users bring their own lit (one copy per page) and their own minifier.
    build({ ...common, outfile: 'widgets/dist/index.js', format: 'esm', external: ['lit', 'lit/*', '@lit/*'] }),
  ]);
  manifest();
}

/** The public surface only: the entry, each element's class, the events (not styles or message tables). */
const manifestGlobs = ['src/index.ts', 'src/branch-finder/branch-finder.ts', 'src/check-in/check-in.ts',
  'src/station-directory/station-directory.ts', 'src/shared/events.ts'];

/** custom-elements.json for IDEs and docs; run in widgets/ so the analyzer edits widgets/package.json only. */
function manifest(): void {
  // The analyzer's CLI file, run by this Node: works with or without node_modules/.bin on PATH.
  const cli = createRequire(import.meta.url).resolve('@custom-elements-manifest/analyzer/cem.js');
  const run = spawnSync(process.execPath, [cli, 'analyze', '--litelement', '--quiet', '--globs', ...manifestGlobs, '--outdir', '.'],
    { cwd: 'widgets', encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`cem analyze failed:\n${run.stdout}\n${run.stderr}`);
}
