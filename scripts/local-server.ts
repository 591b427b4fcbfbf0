// Runs the product locally: migrate and seed a local D1, then `wrangler dev`. Used by
// `npm start` and by the tests that need the worker over real HTTP.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { drizzle } from 'drizzle-orm/d1';
import { getPlatformProxy } from 'wrangler';
import { seedPizhou } from '../worker/src/seed/index.ts';
import { ensureDevVars } from './dev-vars.ts';

export type LocalServer = { url: string; process: ChildProcess; stop: () => Promise<void> };

/**
 * Offline and quiet: no usage metrics, no update check (CI), and no fetch of the `Request.cf`
 * placeholder from workers.cloudflare.com, which prints a stack trace where there is no internet
 * (the worker does not read `request.cf`). Set in this process too:
 * getPlatformProxy (the seed) runs Miniflare here.
 */
process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= 'false';
const wranglerEnv = { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: process.env.CI ?? 'true' };

/** Applies the migrations not yet applied to the local D1 in `persistTo`, as `wrangler d1 migrations apply` does. */
export function migrateLocalDatabase(persistTo: string): void {
  const migrate = spawnSync('wrangler', ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persistTo],
    { env: wranglerEnv, encoding: 'utf8' });
  if (migrate.status !== 0) throw new Error(`Migrating the local D1 failed:\n${migrate.stdout}\n${migrate.stderr}`);
}

/** Applies the migrations to the local D1 in `persistTo` and inserts the demo tenant (idempotent). */
export async function prepareLocalDatabase(persistTo: string): Promise<void> {
  ensureDevVars();
  migrateLocalDatabase(persistTo);
  const proxy = await getPlatformProxy<{ DB: D1Database }>({ persist: { path: `${persistTo}/v3` } });
  try {
    await seedPizhou(drizzle(proxy.env.DB));
  } finally {
    await proxy.dispose();
  }
}

async function waitUntilUp(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with code ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/v1/health`)).ok) return;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`The worker did not answer on ${url} within ${timeoutMs / 1000} s`);
}

/** Local only: the demo seed's publishable key for /s (the status page's short address). */
const LOCAL_VARS = { STATUS_PAGE_KEY: 'pk_test_pizhou' };

/**
 * `log`: the server's stdout and stderr go to this terminal (`inherit`, npm start) or nowhere.
 * `logFile`: instead, they are appended to this file (the e2e tests read the SMS outbox's lines there).
 * `vars`: overrides of wrangler.toml's [vars] (`--var`).
 */
export async function startLocalServer(opts: { port: number; persistTo: string; log?: 'inherit' | 'ignore'; logFile?: string; vars?: Record<string, string> }): Promise<LocalServer> {
  await prepareLocalDatabase(opts.persistTo);
  const logFd = opts.logFile ? openSync(opts.logFile, 'a') : undefined;
  const output = logFd ?? opts.log ?? 'ignore';
  const child = spawn('wrangler', ['dev', '--port', String(opts.port), '--ip', '127.0.0.1', '--persist-to', opts.persistTo, '--show-interactive-dev-session=false',
    // Exposes /__scheduled for running the cron jobs by hand (docs/operations.md) instead of warning that crons don't fire locally.
    '--test-scheduled', ...Object.entries({ ...LOCAL_VARS, ...opts.vars }).flatMap(([k, v]) => ['--var', `${k}:${v}`])],
    { env: wranglerEnv, stdio: ['ignore', output, output], detached: false });
  if (logFd !== undefined) closeSync(logFd); // the child holds its own copy
  const url = `http://localhost:${opts.port}`;
  await waitUntilUp(url, child, 60_000);
  return {
    url, process: child,
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}
