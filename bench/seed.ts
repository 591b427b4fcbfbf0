// Seeds the bench database with the province (bench/province.ts), showing progress. Small tables
// go in chunked drizzle batches; members and check-ins are made inside SQLite, 20,000 per statement.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { drizzle } from 'drizzle-orm/d1';
import {
  apiKeys, branches, committees, homeUnits, hostCities, stationHours, stations, stationServices, tenants,
} from '../schema/index.ts';
import { CHECK_IN_CONSENT } from '../schema/check-ins.ts';
import { prepareKey } from '../worker/src/access/keys.ts';
import { chunkedInserts, type Database } from '../worker/src/db.ts';
import { branchSearchText } from '../worker/src/data/branches.ts';
import { recountRoster } from '../worker/src/data/scope-copies.ts';
import * as p from './province.ts';
import { BENCH_STATE } from './server.ts';

/** Bump when the province changes: the next run then seeds a fresh database. */
export const SEED_VERSION = 3;
const MARKER = `${BENCH_STATE}/seeded.json`;
const ROWS_PER_STATEMENT = 20_000;
export const PUBLISHABLE_KEY_ID = 'key_bench_pk';
export const SECRET_KEY_ID = 'key_bench_sk';

export const isSeeded = () =>
  existsSync(MARKER) && (JSON.parse(readFileSync(MARKER, 'utf8')) as { version: number }).version === SEED_VERSION;

const elapsed = (since: number) => `${((Date.now() - since) / 1000).toFixed(0)} s`;

/** Runs statements in D1 batches of at most 50 (each within D1's 100 bound parameters). */
async function inBatches(db: Database, statements: ReturnType<typeof chunkedInserts>): Promise<void> {
  for (let i = 0; i < statements.length; i += 50) {
    const [first, ...rest] = statements.slice(i, i + 50);
    if (first) await db.batch([first, ...rest]);
  }
}

/** The bench database, and a way to get it back when the local runtime drops its connection. */
export type Connection = { d1: D1Database; reconnect: () => Promise<void> };

/**
 * Set-based inserts of `total` rows, `ROWS_PER_STATEMENT` at a time, with a progress line. Each
 * statement commits or not as a whole and skips rows already there, so a chunk whose connection
 * dropped (seen now and then on a loaded machine) is simply run again on a fresh one.
 */
async function inChunks(db: Connection, label: string, total: number, sqlFor: (from: number, to: number) => string) {
  const started = Date.now();
  for (let from = 1; from <= total; from += ROWS_PER_STATEMENT) {
    const to = Math.min(total, from + ROWS_PER_STATEMENT - 1);
    for (let attempt = 1; ; attempt++) {
      try {
        await db.d1.prepare(sqlFor(from, to).replace(/^insert into/m, 'insert or ignore into')).run();
        break;
      } catch (err) {
        if (attempt === 3 || !/fetch failed|other side closed/.test(String(err))) throw err;
        process.stdout.write(`\n  (the connection to the runtime dropped: ${String(err)}; reconnecting, then this chunk again)\n`);
        await db.reconnect();
      }
    }
    process.stdout.write(`\r  ${label}: ${to.toLocaleString('en')} / ${total.toLocaleString('en')} (${elapsed(started)})   `);
  }
  process.stdout.write('\n');
}

export async function seedProvince(connection: Connection): Promise<void> {
  const started = Date.now();
  const db = drizzle(connection.d1);
  const t = p.TENANT;
  const keys = await Promise.all([
    prepareKey({ tenantId: t, kind: 'publishable', label: 'Bench portal (local only)', token: p.BENCH_PUBLISHABLE_KEY, allowedOrigins: [p.BENCH_ORIGIN] }),
    prepareKey({ tenantId: t, kind: 'secret', label: 'Bench home admin (local only)', token: p.BENCH_SECRET_KEY, role: 'home_admin' }),
  ]);
  const [pk, sk] = [{ ...keys[0].row, id: PUBLISHABLE_KEY_ID }, { ...keys[1].row, id: SECRET_KEY_ID }];
  const cities = p.CITIES.map((c) => ({
    id: p.cityId(c), tenantId: t, nameZh: c.zh, nameEn: c.key[0]!.toUpperCase() + c.key.slice(1), provinceZh: '', provinceEn: '', lat: c.lat, lng: c.lng,
  }));
  const towns = Array.from({ length: p.TOWNS }, (_, i) => i + 1);
  const units = towns.flatMap((town) => [
    { id: p.townId(town), tenantId: t, parentId: null, kind: 'town' as const, nameZh: `第${town}镇`, nameEn: `Town ${town}` },
    ...Array.from({ length: p.VILLAGES_PER_TOWN }, (_, v) => ({
      id: p.villageId(town, v + 1), tenantId: t, parentId: p.townId(town), kind: 'village' as const,
      nameZh: `第${town}镇${v + 1}村`, nameEn: `Town ${town} village ${v + 1}`,
    })),
  ]);
  const stationRows = p.stationRows();
  console.log('  tenant, keys, 20 cities and committees, 420 home units, 10,000 branches, 200 stations…');
  await inBatches(db, [
    ...chunkedInserts(db, tenants, [{ id: t, nameZh: '某省流动党员', nameEn: 'A province (benchmark)' }]),
    ...chunkedInserts(db, apiKeys, [pk, sk]),
    ...chunkedInserts(db, hostCities, cities),
    ...chunkedInserts(db, committees, cities.map((c) => ({ id: `${c.id}_cm`, tenantId: t, cityId: c.id, nameZh: `${c.nameZh}流动党员综合党委`, nameEn: `${c.nameEn} committee` }))),
    ...chunkedInserts(db, homeUnits, units),
    ...chunkedInserts(db, branches, p.branchRows(branchSearchText)),
    ...chunkedInserts(db, stations, stationRows),
    ...chunkedInserts(db, stationServices, stationRows.flatMap((s) => (['employment', 'legal', 'policy'] as const).map((category) => ({
      id: `${s.id}_${category}`, tenantId: t, stationId: s.id, category,
      descriptionZh: '服务说明', descriptionEn: 'What we do', eligibilityZh: '流动党员', eligibilityEn: 'Mobile members',
      howToApplyZh: '到站办理', howToApplyEn: 'Come to the station',
    })))),
    ...chunkedInserts(db, stationHours, stationRows.flatMap((s) => [1, 2, 3, 4, 5, 6].map((weekday) => ({
      tenantId: t, stationId: s.id, weekday, opens: '09:00', closes: '18:00',
    })))),
  ]);
  await inChunks(connection, 'members', p.MEMBERS, p.memberInsert);
  await inChunks(connection, 'check-ins', p.CHECK_INS, (from, to) => p.checkInInsert(from, to, PUBLISHABLE_KEY_ID, CHECK_IN_CONSENT.version));
  const { d1 } = connection;
  console.log('  branch member counts, the roster trees\' counts, statistics (ANALYZE)…');
  await d1.prepare(`update branches set member_count = (select count(*) from members m
    where m.tenant_id = branches.tenant_id and m.host_branch_id = branches.id) where tenant_id = ?`).bind(t).run();
  // The members came in bulk, past the upkeep of roster_counts (its migration ran on an empty table).
  const fresh = drizzle(d1);
  const [recountFirst, ...recountRest] = recountRoster(fresh, t);
  await fresh.batch([recountFirst!, ...recountRest]);
  await d1.prepare('analyze').run();
  mkdirSync(BENCH_STATE, { recursive: true });
  writeFileSync(MARKER, JSON.stringify({ version: SEED_VERSION, seededAt: new Date().toISOString() }));
  console.log(`  seeded in ${elapsed(started)}`);
}
