// Builds the widgets: the one-script embed bundle the worker serves as /widgets.js, the ESM build
// for npm users, and the custom elements manifest. Called by scripts/build.ts.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { build, type BuildOptions } from 'esbuild';

const entry = 'widgets/src/index.ts';

const common: BuildOptions = {
  entryPoints: [entry], bundle: true, target: 'es2021', logLevel: 'warning', legalComments: 'eof',
};

/** Partners paste one <script>: everything in one classic script, no chunks, no eval. */
export const embedOptions: BuildOptions = {
  ...common, format: 'iife', minify: true,
  // There is no import.meta in a classic script; api-base.ts uses document.currentScript there.
  define: { 'import.meta.url': 'undefined' },
};

export async function buildWidgets(assetsDir: string): Promise<void> {
  await Promise.all([
    build({ ...embedOptions, outfile: join(assetsDir, 'widgets.js') }),
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
