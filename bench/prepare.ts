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
    let server = await startServer(bundle.path, false);
    const connection = {
      d1: await server.mf.getD1Database('DB'),
      async reconnect() {
        await server.mf.dispose().catch(() => {});
        server = await startServer(bundle.path, false);
        connection.d1 = await server.mf.getD1Database('DB');
      },
    };
    try {
      await seedProvince(connection);
    } finally {
      await server.mf.dispose();
    }
  } else {
    // Migrations added since the seed run over the existing rows, as they would in production.
    migrateLocalDatabase(BENCH_STATE);
  }
  return bundle;
}
