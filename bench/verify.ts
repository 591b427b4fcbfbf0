// After the load: every check-in the API acknowledged (201) is in D1 exactly once, and every
// retry with the same Idempotency-Key got the same check-in back.
import type { Acknowledged } from './load.ts';
import { TENANT } from './province.ts';

export async function verifyCheckIns(db: D1Database, acknowledged: Acknowledged[]) {
  const byKey = new Map<string, Set<string>>();
  for (const a of acknowledged) byKey.set(a.idempotencyKey, (byKey.get(a.idempotencyKey) ?? new Set()).add(a.reference));
  const retriesAnsweredDifferently = [...byKey.values()].filter((refs) => refs.size > 1).length;
  const references = [...new Set(acknowledged.map((a) => a.reference))];
  const counts = new Map<string, number>();
  for (let i = 0; i < references.length; i += 1_000) {
    // One JSON parameter per 1,000 references: within D1's bound-parameter limit.
    const { results } = await db.prepare(`select reference, count(*) as n from check_ins
      where tenant_id = ? and reference in (select value from json_each(?)) group by reference`)
      .bind(TENANT, JSON.stringify(references.slice(i, i + 1_000))).all<{ reference: string; n: number }>();
    for (const r of results) counts.set(r.reference, r.n);
  }
  const missing = references.filter((r) => !counts.has(r)).length;
  const doubled = [...counts.values()].filter((n) => n > 1).length;
  return {
    acknowledged: acknowledged.length, replayed: acknowledged.filter((a) => a.replayed).length,
    distinctCheckIns: references.length, distinctKeys: byKey.size,
    missing, doubled, retriesAnsweredDifferently,
    ok: missing === 0 && doubled === 0 && retriesAnsweredDifferently === 0 && byKey.size === references.length,
  };
}
