// Everything a bench run needs before the load: the worker bundle and a seeded, migrated database.
import { rmSync } from 'node:fs';
import { migrateLocalDatabase } from '../scripts/local-server.ts';
import { isSeeded, seedProvince } from './seed.ts';
import { BENCH_STATE, buildWorker, startServer } from './server.ts';

export async function prepare(opts: { reseed: boolean }) {
  console.log('Building the worker (wrangler deploy --dry-run)…');
  const bundle = buildWorker();
  if (opts.reseed || !isSeeded()) {
    console.log(`Seeding a province into ${BENCH_STATE} (once; later runs reuse it, --reseed starts over)…`);
    rmSync(BENCH_STATE, { recursive: true, force: true });
    migrateLocalDatabase(BENCH_STATE);
    const server = await startServer(bundle.path, false);
    try {
      await seedProvince(await server.mf.getD1Database('DB'));
    } finally {
      await server.mf.dispose();
    }
  } else {
    // Migrations added since the seed run over the existing rows, as they would in production.
    migrateLocalDatabase(BENCH_STATE);
  }
  return bundle;
}
