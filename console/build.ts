// Builds the staff console (/console/): one static page, its stylesheet, and ES module chunks with
// content-hashed names under /console/assets/. Called by scripts/build.ts.
//
// One esbuild build with code splitting: the entry is the shell (console/src/main.ts); each screen
// is a chunk it imports when needed (the sign-in screen; the account bar and the screen of the route
// once signed in: the queue, the roster…), and Lit and the shared code are chunks they share. The page preloads the entry's own
// imports, so the browser fetches them together with the entry.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Metafile, type Plugin } from 'esbuild';
import { minifyHTMLLiterals } from 'minify-literals';

/** Where the console is served, and where its hashed files go below it. */
export const CONSOLE_PATH = '/console/';
const ASSET_DIR = 'assets';
/** What the build wrote, for a look without a browser: not served. */
export const CONSOLE_REPORT = 'dist/console-build.json';

const SRC = 'console/src';

/** Whitespace and comments out of the html`` and css`` templates before esbuild reads a file. */
const minifyTemplates: Plugin = {
  name: 'minify-templates',
  setup(b) {
    b.onLoad({ filter: /\/console\/src\/.*\.ts$/ }, async ({ path }) => {
      const source = await readFile(path, 'utf8');
      const result = await minifyHTMLLiterals(source, { fileName: path, sourceMap: false });
      return { contents: result?.code ?? source, loader: 'ts' };
    });
  },
};

export type ConsoleBuild = {
  /** Every file served under /console/ (index.html and assets/…), by path below /console/. */
  files: Record<string, string>;
  /** The entry, the stylesheet and the chunks by role, as paths below /console/. */
  entry: string;
  css: string;
  /** Each chunk's static imports (the browser fetches them with it) and dynamic ones (on demand). */
  imports: Record<string, { static: string[]; dynamic: string[] }>;
  /** The chunk that holds each screen's module. */
  screens: Record<(typeof SCREEN_MODULES)[number][0], string>;
};

/** Each screen and the module that defines its element. */
const SCREEN_MODULES = [
  ['sign-in', 'sign-in/sign-in.ts'], ['account', 'account/account.ts'], ['queue', 'queue/queue.ts'], ['roster', 'roster/roster.ts'],
  ['not-reported', 'not-reported/not-reported.ts'], ['lost-contact', 'lost-contact/lost-contact.ts'],
  ['organisation', 'organisation/organisation.ts'], ['staff', 'staff/staff.ts'],
  ['import', 'import/import.ts'],
] as const;

const gzipBytes = (text: string) => gzipSync(text, { level: 9 }).length;

export async function bundleConsole(): Promise<ConsoleBuild> {
  const outdir = join('dist/assets', CONSOLE_PATH, ASSET_DIR);
  const [js, css] = await Promise.all([
    build({
      entryPoints: { main: join(SRC, 'main.ts') }, bundle: true, format: 'esm', splitting: true, minify: true,
      target: 'es2021', outdir, entryNames: '[name]-[hash]', chunkNames: '[name]-[hash]', write: false, metafile: true,
      legalComments: 'eof', logLevel: 'warning', plugins: [minifyTemplates],
    }),
    build({
      entryPoints: { console: join(SRC, 'console.css') }, bundle: true, minify: true, outdir,
      entryNames: '[name]-[hash]', write: false, logLevel: 'warning',
    }),
  ]);
  const served = (path: string) => `${ASSET_DIR}/${basename(path)}`;
  const outputs: Metafile['outputs'] = js.metafile.outputs;
  const files: Record<string, string> = {};
  for (const file of [...js.outputFiles, ...css.outputFiles]) files[served(file.path)] = file.text;
  const imports = Object.fromEntries(Object.entries(outputs).map(([path, output]) => [served(path), {
    static: output.imports.filter((i) => i.kind === 'import-statement').map((i) => served(i.path)),
    dynamic: output.imports.filter((i) => i.kind === 'dynamic-import').map((i) => served(i.path)),
  }]));
  const chunkOf = (source: string) => served(Object.keys(outputs).find((p) => outputs[p]!.inputs[source] !== undefined)!);
  const entryPath = Object.keys(outputs).find((p) => outputs[p]!.entryPoint === join(SRC, 'main.ts'))!;
  const entry = served(entryPath);
  const cssFile = served(css.outputFiles[0]!.path);
  const preloads = staticClosure(imports, [entry]).filter((f) => f !== entry);
  const template = await readFile(join(SRC, 'index.html'), 'utf8');
  files['index.html'] = template
    .replace('%CSS%', CONSOLE_PATH + cssFile)
    .replace('%PRELOADS%', preloads.map((f) => `<link rel="modulepreload" href="${CONSOLE_PATH}${f}">`).join(''))
    .replace('%ENTRY%', CONSOLE_PATH + entry)
    .replace(/>\s+</g, '><').trim() + '\n';
  return {
    files, entry, css: cssFile, imports,
    screens: Object.fromEntries(SCREEN_MODULES.map(([screen, module]) => [screen, chunkOf(join(SRC, module))])) as ConsoleBuild['screens'],
  };
}

/** A chunk and every chunk it imports statically: what the browser fetches for it. */
export function staticClosure(imports: ConsoleBuild['imports'], files: string[]): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    imports[file]?.static.forEach(visit);
  };
  files.forEach(visit);
  return [...seen];
}

/** Gzipped bytes (level 9) of the sign-in screen: the page, its stylesheet, the entry and the sign-in chunk with their imports. */
export function firstScreenBytes(built: ConsoleBuild): number {
  const files = ['index.html', built.css, ...staticClosure(built.imports, [built.entry, built.screens['sign-in']])];
  return files.reduce((n, f) => n + gzipBytes(built.files[f]!), 0);
}

export async function buildConsole(assetsDir: string): Promise<{ firstScreenGzipBytes: number }> {
  const built = await bundleConsole();
  const root = join(assetsDir, CONSOLE_PATH);
  await mkdir(join(root, ASSET_DIR), { recursive: true });
  await Promise.all(Object.entries(built.files).map(([path, text]) => writeFile(join(root, path), text)));
  const firstScreenGzipBytes = firstScreenBytes(built);
  const sizes = Object.fromEntries(Object.entries(built.files).map(([f, text]) => [f, { bytes: Buffer.byteLength(text), gzipBytes: gzipBytes(text) }]));
  const { files: _, ...report } = built;
  await writeFile(CONSOLE_REPORT, JSON.stringify({ ...report, sizes, firstScreenGzipBytes, root: relative('.', root) }, null, 2));
  return { firstScreenGzipBytes };
}
