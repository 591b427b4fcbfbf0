// Builds the widgets: the embed the worker serves (/widgets.js, a small classic loader, and the
// content-hashed ES module chunks under /widgets/ it imports for the elements a page uses), the
// ESM build for npm users (its .d.ts: scripts/bundle-types.ts), and the custom elements manifest. Called by scripts/build.ts.
//
// The chunks come from one esbuild build with code splitting: an entry per widget (its define.ts),
// the check-in's mobile verification split off at its dynamic import, and shared chunks for what
// several of them use (lit-html as published, the SDK client, the shared widget code).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { minifyHTMLLiterals } from 'minify-literals';
import { minify, type MinifyOptions } from 'terser';
import { checkInMessages } from './src/check-in/messages.ts';
import { verificationMessages } from './src/check-in/mobile-verification.messages.ts';
import { directoryMessages } from './src/station-directory/messages.ts';

/** The chunk each element needs, by tag; the loader imports it once the tag is on the page. */
export const widgetEntries = {
  'ginkgo-branch-finder': 'widgets/src/branch-finder/define.ts',
  'ginkgo-check-in': 'widgets/src/check-in/define.ts',
  'ginkgo-station-directory': 'widgets/src/station-directory/define.ts',
} as const;
export type WidgetTag = keyof typeof widgetEntries;

const loaderEntry = 'widgets/src/loader.ts';
/** Chunks live here, under the loader's origin; the loader resolves them against its own URL. */
export const CHUNK_DIR = 'widgets';
/** What the build learned, for the size and collision tests: not served. */
export const EMBED_REPORT = 'dist/widgets-embed.json';

/**
 * Message keys shortened like `_` members: esbuild renames a property name everywhere in the
 * build, so a key is listed only if nothing else uses its name as a property. Not listed: keys read
 * with a computed name (`t[problem]`, the geolocation texts), keys of nested tables (categories,
 * statuses), anything stored (the outbox) or named in markup (field ids), and names an API object
 * or a DOM object has (title, search, submit…). test/widgets/mangle.test.ts checks every mangled
 * name against the API's fields and Chromium's DOM; a listed key that is in no table fails the build.
 */
export const messageKeys = [
  'intro', 'locate', 'locating', 'allCities', 'searchPlaceholder', 'searchButton', 'found',
  'nearYou', 'emptyHint', 'showAll', 'errorTitle', 'retry', 'noCommittee', 'fewerThanTen',
  'noBranch', 'changeBranch', 'pickBranch', 'mobileHint', 'choosePrompt', 'currentCityHint',
  'consentTitle', 'consentCheck', 'privacy', 'sending', 'choose1', 'mobileInvalid', 'branchMissing',
  'consentMissing', 'checkField', 'incomplete', 'summary', 'notSent', 'saved', 'doneTitle', 'lookupTitle',
  'lookupNotFound', 'requests', 'keepCodes', 'requestStatus', 'needNames', 'categoryNames', 'allCategories',
  'shown', 'today', 'tomorrow', 'notCopied', 'copiedAddress', 'copyFailed', 'dayRange', 'rest',
  'nextDay', 'special', 'closedAllDay', 'sep', 'free', 'memberTally', 'copied', 'notice', 'sendCode', 'offline', 'verifyFirst',
];
const tableKeys = new Set([...Object.keys(directoryMessages.en), ...Object.keys(checkInMessages.en), ...Object.keys(verificationMessages.en)]);
const strayKeys = messageKeys.filter((k) => !tableKeys.has(k));
if (strayKeys.length) throw new Error(`build.ts: messageKeys not in any message table: ${strayKeys.join(', ')}`);

/**
 * Our own private members (`_name`, TypeScript `private`s) and the message keys above get short
 * names. Not lit-html's `_$…` members, its protocol with other copies of Lit, nor `__proto__`
 * and the like.
 */
export const MANGLED = new RegExp(`^(_[^_$].*|${messageKeys.join('|')})$`);

/**
 * Whitespace and comments out of the html`` and css`` templates (html-minifier-next and
 * Lightning CSS, through minify-literals), before esbuild reads the file.
 */
const minifyTemplatesPlugin: Plugin = {
  name: 'minify-templates',
  setup(b) {
    b.onLoad({ filter: /\/widgets\/src\/.*\.ts$/ }, async ({ path }) => {
      const source = await readFile(path, 'utf8');
      const result = await minifyHTMLLiterals(source, { fileName: path, sourceMap: false });
      return { contents: result?.code ?? source, loader: 'ts' };
    });
  },
};

const common: BuildOptions = { bundle: true, target: 'es2021', logLevel: 'warning', legalComments: 'eof' };

/**
 * The target stays es2021: at es2022 esbuild turns static fields into `static {}` blocks (Safari
 * 16.4+), and members of WeChat on iPhones run their iOS's WebKit. Private members are
 * `_`-prefixed TypeScript `private`s instead of `#private`s, which es2021 would compile to WeakMap
 * helpers. Class fields stay as written, though: esbuild's helper for lowering them (needed only by
 * altcha-lib, in the mobile verification) would become a chunk every entry imports.
 */
export const embedOptions: BuildOptions = {
  ...common, format: 'esm', splitting: true, minify: true, metafile: true, write: false,
  supported: { 'class-field': true },
  entryPoints: Object.fromEntries(Object.entries(widgetEntries).map(([tag, path]) => [tag.replace(/^ginkgo-/, ''), path])),
  outdir: join('dist/assets', CHUNK_DIR), entryNames: '[name]-[hash]', chunkNames: '[name]-[hash]',
  // Nor is there Node's `process` in a browser: the SDK's Node-only default base URL drops out (the
  // widgets always pass one), even on a page that defines a `process` of its own.
  define: { 'globalThis.process': 'undefined' },
  plugins: [minifyTemplatesPlugin],
  mangleProps: MANGLED,
  // The widgets take html, svg, nothing and render from 'lit' (npm users' lit); the embed needs
  // only lit-html for them, not lit's LitElement and ReactiveElement (shared/element.ts replaces them).
  alias: { lit: 'lit-html' },
};

/**
 * A second pass over each chunk: terser's compressor finds a few hundred bytes more. Inlining only
 * simple functions (`inline: 1`) and dropping unused property reads (`pure_getters`: no getter here
 * has a side effect) help a little. `comments: 'some'` keeps esbuild's `/*!` block of bundled licenses.
 */
const terserOptions = (): MinifyOptions => ({
  ecma: 2020, module: true, compress: { passes: 3, inline: 1, pure_getters: true }, mangle: true, format: { comments: 'some', ascii_only: true },
});

/**
 * ASCII only: a partner's page may be GBK-encoded, and the loader, a classic script, is then
 * decoded as GBK unless the server names a charset; the chunks are kept the same way. terser's
 * ascii_only leaves template literal text alone; a \uXXXX escape means the same there (Lit reads
 * the cooked strings), as in strings, regular expressions and comments.
 */
const asciiOnly = (code: string) => code.replace(/[^\0-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/**
 * esbuild's block of bundled licenses, on one line: each file's name, then its license comment
 * word for word (the copyright line and the SPDX identifier), without the box drawing.
 */
const compactLicenses = (code: string) => code.replace(/\/\*! Bundled license information:\n([\s\S]*)\*\/\s*$/, (_, body: string) =>
  `/*! ${body.split('\n').map((line) => line.replace(/^\s*(\(\*\*|\*\)|\*)?\s*/, '').trim()).filter(Boolean).join(' ')} */\n`);

export type Embed = {
  /** /widgets.js. */
  loader: string;
  /** The chunks by file name (under CHUNK_DIR), as served. */
  chunks: Record<string, string>;
  /** Each tag's chunk, and the chunks each chunk imports statically (`static`) and on demand (`dynamic`). */
  entries: Record<WidgetTag, string>;
  imports: Record<string, { static: string[]; dynamic: string[] }>;
  /** Each mangled property name and the name it got. */
  mangled: Record<string, string>;
};

/**
 * The chunks, minified again and renamed by the hash of what is served: a chunk's name changes
 * whenever its bytes do (its imports' names included), so each can be cached for a year.
 */
async function chunks(): Promise<Omit<Embed, 'loader'>> {
  const result = await build({ ...embedOptions, mangleCache: {} });
  const outputs = result.metafile!.outputs;
  const name = (path: string) => basename(path);
  const texts = new Map(result.outputFiles!.map((file) => [relative(process.cwd(), file.path), file.text]));
  const finalName = new Map<string, string>();
  // Leaves first: a chunk's name is known before the chunks that import it are hashed.
  const order: string[] = [];
  const visit = (path: string) => {
    if (order.includes(path)) return;
    for (const { path: imported } of outputs[path]!.imports) visit(imported);
    order.push(path);
  };
  Object.keys(outputs).forEach(visit);
  const out: Record<string, string> = {};
  for (const path of order) {
    let code = texts.get(path)!;
    for (const { path: imported } of outputs[path]!.imports) code = code.replaceAll(name(imported), finalName.get(imported)!);
    const { code: minified } = await minify(code, terserOptions());
    if (!minified) throw new Error(`terser produced nothing for ${path}`);
    const served = compactLicenses(asciiOnly(minified));
    const hash = createHash('sha256').update(served).digest('hex').slice(0, 8);
    const file = `${name(path).replace(/-[A-Z0-9]+\.js$/, '')}-${hash}.js`;
    finalName.set(path, file);
    out[file] = served;
  }
  // The chunk that holds the element's define.ts: its entry chunk, or, for the finder, which the
  // other two import too, the shared chunk (its entry chunk would only import that one).
  const entries = Object.fromEntries(Object.entries(widgetEntries).map(([tag, define]) => {
    const path = Object.keys(outputs).find((p) => define in outputs[p]!.inputs)!;
    return [tag, finalName.get(path)!];
  })) as Record<WidgetTag, string>;
  const imports = Object.fromEntries(Object.entries(outputs).map(([path, output]) => [finalName.get(path)!, {
    static: output.imports.filter((i) => i.kind === 'import-statement').map((i) => finalName.get(i.path)!),
    dynamic: output.imports.filter((i) => i.kind === 'dynamic-import').map((i) => finalName.get(i.path)!),
  }]));
  const mangled = Object.fromEntries(Object.entries(result.mangleCache ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string'));
  return { chunks: out, entries, imports, mangled };
}

/** /widgets.js: the loader, with each tag's chunk written in. */
async function loader(entries: Record<WidgetTag, string>): Promise<string> {
  const result = await build({
    ...common, entryPoints: [loaderEntry], format: 'iife', minify: true, write: false,
    tsconfigRaw: { compilerOptions: { strict: false } }, // no "use strict": nothing here differs in sloppy mode
    define: { GINKGO_CHUNKS: JSON.stringify(Object.fromEntries(Object.entries(entries).map(([tag, file]) => [tag, `${CHUNK_DIR}/${file}`]))) },
  });
  return asciiOnly(result.outputFiles[0]!.text);
}

/** The embed as the worker serves it: /widgets.js and its chunks. */
export async function bundleEmbed(): Promise<Embed> {
  const built = await chunks();
  // Only what the loader reaches (not the finder's entry chunk, which the loader skips).
  const reached = new Set<string>();
  const visit = (file: string) => {
    if (reached.has(file)) return;
    reached.add(file);
    [...built.imports[file]!.static, ...built.imports[file]!.dynamic].forEach(visit);
  };
  Object.values(built.entries).forEach(visit);
  const keep = <T>(record: Record<string, T>) => Object.fromEntries(Object.entries(record).filter(([file]) => reached.has(file)));
  return { ...built, loader: await loader(built.entries), chunks: keep(built.chunks), imports: keep(built.imports) };
}

export const gzipBytes = (code: string | Uint8Array): number => gzipSync(code, { level: 9 }).length;

/** A chunk and every chunk it imports statically: what the browser fetches for it. */
export function staticClosure(embed: Pick<Embed, 'imports'>, files: string[]): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    embed.imports[file]?.static.forEach(visit);
  };
  files.forEach(visit);
  return [...seen];
}

/**
 * Gzipped bytes (level 9) a page fetches: the loader, and for the finder alone, for all three
 * widgets, and for all three with the mobile verification (loaded once a member asks for an SMS
 * code), every chunk it imports. Used by bench/; the size tests measure what Chromium fetches.
 */
export function embedSizes(embed: Embed): Record<string, number> {
  const size = (files: string[]) => files.reduce((n, file) => n + gzipBytes(embed.chunks[file]!), gzipBytes(embed.loader));
  const all = staticClosure(embed, Object.values(embed.entries));
  const lazy = all.flatMap((file) => embed.imports[file]!.dynamic);
  return {
    'widgets.js': gzipBytes(embed.loader),
    'branch-finder page': size(staticClosure(embed, [embed.entries['ginkgo-branch-finder']])),
    'all three': size(all),
    'all three with mobile verification': size(staticClosure(embed, [...all, ...lazy])),
  };
}

export async function widgetSizes(): Promise<Record<string, number>> {
  return embedSizes(await bundleEmbed());
}

export async function buildWidgets(assetsDir: string): Promise<void> {
  await mkdir(join(assetsDir, CHUNK_DIR), { recursive: true });
  await Promise.all([
    bundleEmbed().then(async (embed) => {
      await writeFile(join(assetsDir, 'widgets.js'), embed.loader);
      await Promise.all(Object.entries(embed.chunks).map(([file, code]) => writeFile(join(assetsDir, CHUNK_DIR, file), code)));
      const { chunks: _, ...report } = embed;
      await writeFile(EMBED_REPORT, JSON.stringify(report, null, 2));
    }),
    // npm users bring their own lit (one copy per page) and their own minifier. Importing it in
    // Node (SSR, tooling) defines nothing and does not throw (widgets/no-dom.ts).
    build({
      ...common, entryPoints: ['widgets/src/index.ts'], outfile: 'widgets/dist/index.js', format: 'esm',
      external: ['lit', 'lit/*', '@lit/*'], inject: ['widgets/no-dom.ts'],
    }),
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
