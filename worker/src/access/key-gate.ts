// The request's D1 binding while its API key is not yet known to be live (api-key.ts). The key's
// settings came from the isolate's cache; whether it is still unrevoked is asked in the request's
// first D1 round trip: a guard statement goes first in that call's batch and fails it unless the
// key is live, so nothing after it runs or is written. A hot request stays one round trip and a
// revoked key still fails at once.

type Row = Record<string, unknown>;

export type KeyCheck = {
  /** Fails (a SQL error) unless the key is live; put first in a batch, it stops the rest. */
  guard: D1PreparedStatement;
  /** Reads the key's state, to tell why the guard failed. */
  statement: D1PreparedStatement;
  /** Throws (an HttpError) unless the statement's first row shows the key live. */
  accept: (row: Row | undefined) => void;
};

class Gate {
  /** Settles once the key is accepted; undefined until a call has asked. */
  private opened: Promise<void> | undefined;

  constructor(readonly inner: D1Database, private readonly check: KeyCheck) {}

  /** The key's state on its own round trip, or the check already under way. */
  open(): Promise<void> {
    this.opened ??= this.askAlone();
    return this.opened;
  }

  private askAlone(): Promise<void> {
    return this.check.statement.all<Row>().then((r) => this.check.accept(r.results[0]));
  }

  /**
   * The first call sends its statements after the guard (`send` gets the guard, to put first in
   * its batch); later calls wait for that and run `alone`. If the guarded batch fails, the key's
   * state is asked on its own: a revoked key gets its 401, a live one the batch's own error.
   */
  async run<T>(send: (guard: D1PreparedStatement) => Promise<T>, alone: () => Promise<T>): Promise<T> {
    if (this.opened) {
      await this.opened;
      return alone();
    }
    let settle!: (accepted: Promise<void>) => void;
    this.opened = new Promise<void>((resolve) => { settle = resolve; });
    try {
      const result = await send(this.check.guard);
      settle(Promise.resolve());
      return result;
    } catch (err) {
      settle(this.askAlone());
      await this.opened;
      throw err;
    }
  }

  /** Runs `alone` after the guard, in a round trip of its own: for what cannot share a batch. */
  after<T>(alone: () => Promise<T>): Promise<T> {
    return this.run(async (guard) => { await guard.all(); return alone(); }, alone);
  }

  /** `statement`'s result, in a batch after the guard. */
  async guarded(guard: D1PreparedStatement, statement: D1PreparedStatement): Promise<D1Result<Row>> {
    return (await this.inner.batch<Row>([guard, statement]))[1]!;
  }
}

/** A column name that JavaScript orders before the others in an object (see `raw`). */
const INDEX_LIKE = /^(?:0|[1-9]\d*)$/;

class GatedStatement {
  constructor(private readonly gate: Gate, readonly inner: D1PreparedStatement, readonly sql: string, readonly params: unknown[] = []) {}

  bind(...values: unknown[]): GatedStatement {
    return new GatedStatement(this.gate, this.inner.bind(...values), this.sql, values);
  }

  all<T>(): Promise<D1Result<T>> {
    return this.gate.run((guard) => this.gate.guarded(guard, this.inner) as Promise<D1Result<T>>, () => this.inner.all<T>());
  }

  run<T>(): Promise<D1Result<T>> {
    return this.gate.run((guard) => this.gate.guarded(guard, this.inner) as Promise<D1Result<T>>, () => this.inner.run<T>());
  }

  first(column?: string): Promise<unknown> {
    return this.gate.run(async (guard) => {
      const row = (await this.gate.guarded(guard, this.inner)).results[0] ?? null;
      if (column === undefined || row === null) return row;
      if (!(column in row)) throw new Error(`D1_COLUMN_NOTFOUND: Column not found (${column})`);
      return row[column];
    }, () => (column === undefined ? this.inner.first() : this.inner.first(column)));
  }

  /**
   * Rows as arrays, as `raw()` gives them. A batch gives objects, which would merge two columns
   * of one name (a join's `name_zh`s), so the statement is read through `SELECT *`, where SQLite
   * names duplicates apart (`name_zh:1`) and keeps their order. A column named like an array
   * index would change the objects' key order: such a statement is read again on its own.
   */
  raw(options?: { columnNames?: boolean }): Promise<unknown[]> {
    // A write's RETURNING rows cannot be read through SELECT *; nor can column names be asked in a batch.
    if (options?.columnNames) return this.gate.after(() => this.inner.raw({ columnNames: true }));
    if (!/^\s*select\b/i.test(this.sql)) return this.gate.after(() => this.inner.raw());
    return this.gate.run(async (guard) => {
      const named = this.gate.inner.prepare(`SELECT * FROM (${this.sql}\n)`).bind(...this.params);
      const rows = (await this.gate.guarded(guard, named)).results;
      if (rows[0] && Object.keys(rows[0]).some((k) => INDEX_LIKE.test(k))) return this.inner.raw();
      return rows.map((r) => Object.values(r));
    }, () => this.inner.raw());
  }
}

/** `inner` held back until the key is known live; `settle` makes sure it was asked (call it before answering). */
export function gatedD1(inner: D1Database, check: KeyCheck): { d1: D1Database; settle: () => Promise<void> } {
  const gate = new Gate(inner, check);
  const d1 = {
    prepare: (query: string) => new GatedStatement(gate, inner.prepare(query), query),
    batch<T>(statements: GatedStatement[]): Promise<D1Result<T>[]> {
      const own = statements.map((s) => s.inner);
      return gate.run(async (guard) => (await inner.batch<T>([guard, ...own])).slice(1), () => inner.batch<T>(own));
    },
    async exec(query: string) {
      await gate.open();
      return inner.exec(query);
    },
    withSession: () => { throw new Error('D1 sessions are not used here'); },
    async dump() {
      await gate.open();
      return inner.dump();
    },
  };
  return { d1: d1 as unknown as D1Database, settle: () => gate.open() };
}
