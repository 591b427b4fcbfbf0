// What a request costs in D1: round trips always, rows read and written when D1_METER is "rows",
// and the statements run (a batch of seven is one round trip, seven statements). Reported as
// `Server-Timing: db;desc="round_trips=2 rows_read=46 rows_written=0 statements=3"`; the benchmark
// (bench/) reads it per endpoint.
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.ts';

export type Meter = {
  roundTrips: number; statementsRun: number; rowsRead: number; rowsWritten: number; rows: boolean;
  /** Tests: every statement run, with its parameters (for EXPLAIN QUERY PLAN). */
  statements?: { sql: string; params: unknown[] }[];
};
type Meta = { rows_read?: number; rows_written?: number } | undefined;

const READ_ONLY = /^\s*select\b/i;

/**
 * D1's `raw()` and `first()` (which drizzle uses for every select) return no result meta. With
 * rows metering on, a select run that way is run a second time through `all()` to read its meta;
 * that doubles the work, so only the benchmark's sampling pass and tests turn it on. Writes are
 * never run twice: they go through `run()` or `batch()`, which carry their meta.
 */
class MeteredStatement {
  constructor(
    readonly inner: D1PreparedStatement, private readonly meter: Meter, readonly sql: string, readonly params: unknown[] = [],
  ) {}

  bind(...values: unknown[]): MeteredStatement {
    return new MeteredStatement(this.inner.bind(...values), this.meter, this.sql, values);
  }

  /** One round trip for this statement alone. */
  private sent(): void {
    this.meter.roundTrips++;
    this.meter.statementsRun++;
    this.meter.statements?.push({ sql: this.sql, params: this.params });
  }

  private count(meta: Meta): void {
    this.meter.rowsRead += meta?.rows_read ?? 0;
    this.meter.rowsWritten += meta?.rows_written ?? 0;
  }

  /** The meta of a select whose own call returned none (see the class comment). */
  private async countSelect(): Promise<void> {
    if (this.meter.rows && READ_ONLY.test(this.sql)) this.count((await this.inner.all()).meta);
  }

  async all<T>(): Promise<D1Result<T>> {
    this.sent();
    const result = await this.inner.all<T>();
    this.count(result.meta);
    return result;
  }

  async run<T>(): Promise<D1Result<T>> {
    this.sent();
    const result = await this.inner.run<T>();
    this.count(result.meta);
    return result;
  }

  async raw(options?: { columnNames?: boolean }): Promise<unknown[]> {
    this.sent();
    const rows = await (options?.columnNames ? this.inner.raw({ columnNames: true }) : this.inner.raw());
    await this.countSelect();
    return rows;
  }

  async first(column?: string): Promise<unknown> {
    this.sent();
    const row = column === undefined ? await this.inner.first() : await this.inner.first(column);
    await this.countSelect();
    return row;
  }
}

/** The request's D1 binding, counting what passes through it into `meter`. */
export function meteredD1(db: D1Database, meter: Meter): D1Database {
  const metered = {
    prepare: (query: string) => new MeteredStatement(db.prepare(query), meter, query),
    async batch(statements: MeteredStatement[]) {
      meter.roundTrips++;
      meter.statementsRun += statements.length;
      for (const s of statements) meter.statements?.push({ sql: s.sql, params: s.params });
      const results = await db.batch(statements.map((s) => s.inner));
      for (const r of results) {
        meter.rowsRead += r.meta.rows_read;
        meter.rowsWritten += r.meta.rows_written;
      }
      return results;
    },
    async exec(query: string) {
      meter.roundTrips++;
      return db.exec(query);
    },
    withSession: () => { throw new Error('D1 sessions are not used here'); },
    dump: () => db.dump(),
  };
  return metered as unknown as D1Database;
}

export const d1Meter = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  const meter: Meter = { roundTrips: 0, statementsRun: 0, rowsRead: 0, rowsWritten: 0, rows: c.env.D1_METER === 'rows' };
  // A copy per request: the bindings object itself is shared by every request of the isolate.
  c.env = { ...c.env, DB: meteredD1(c.env.DB, meter) };
  await next();
  const rows = meter.rows ? ` rows_read=${meter.rowsRead} rows_written=${meter.rowsWritten}` : '';
  c.header('Server-Timing', `db;desc="round_trips=${meter.roundTrips}${rows} statements=${meter.statementsRun}"`, { append: true });
};
