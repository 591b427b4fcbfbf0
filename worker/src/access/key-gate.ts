// The request's D1 binding while its API key is not yet known to be live (api-key.ts). The key's
// settings came from the isolate's cache; whether it is still unrevoked is asked in the same D1
// round trip as the request's first read, so a hot read stays one round trip and a revoked key
// still fails at once. A write never goes first: the check runs on its own before it.

const READ_ONLY = /^\s*select\b/i;
/** A column name that JavaScript would order before the others in an object (see `rawRows`). */
const INDEX_LIKE = /^(?:0|[1-9]\d*)$/;

export type KeyCheck = {
  /** A statement on the inner binding whose first row tells whether the key is live. */
  statement: D1PreparedStatement;
  /** Throws (an HttpError) unless the check's first row shows the key live. */
  accept: (row: Row | undefined) => void;
};
type Row = Record<string, unknown>;

class Gate {
  /** Settles once the key is accepted; undefined until a call has asked. */
  private opened: Promise<void> | undefined;

  constructor(readonly inner: D1Database, private readonly check: KeyCheck) {}

  /** The key check on its own round trip, or the one already asked. */
  open(): Promise<void> {
    this.opened ??= this.askAlone();
    return this.opened;
  }

  private askAlone(): Promise<void> {
    return this.check.statement.all<Row>().then((r) => this.check.accept(r.results[0]));
  }

  /** Runs `alone` once the key is accepted: every write, and any call after the first. */
  async afterCheck<T>(alone: () => Promise<T>): Promise<T> {
    await this.open();
    return alone();
  }

  /**
   * Runs a read. The first call while nothing was asked carries the check in its batch
   * (`withCheck` gets the check's statement, to put first, and returns its row with the result);
   * later calls wait for the check and run `alone`.
   */
  async read<T>(withCheck: (check: D1PreparedStatement) => Promise<[Row | undefined, T]>, alone: () => Promise<T>): Promise<T> {
    if (this.opened) return this.afterCheck(alone);
    let settle!: (accepted: Promise<void>) => void;
    this.opened = new Promise<void>((resolve) => { settle = resolve; });
    let outcome: [Row | undefined, T];
    try {
      outcome = await withCheck(this.check.statement);
    } catch (err) {
      // The batch failed before the check was read (a bad statement): ask it on its own, so
      // that a revoked key still gets its 401 rather than the statement's error.
      settle(this.askAlone());
      await this.opened;
      throw err;
    }
    settle(Promise.resolve().then(() => this.check.accept(outcome[0])));
    await this.opened;
    return outcome[1];
  }
}

class GatedStatement {
  constructor(private readonly gate: Gate, readonly inner: D1PreparedStatement, readonly sql: string, readonly params: unknown[] = []) {}

  bind(...values: unknown[]): GatedStatement {
    return new GatedStatement(this.gate, this.inner.bind(...values), this.sql, values);
  }

  /** A select carries the check (`Gate.read`); anything else waits for it. */
  private read<T>(withCheck: (check: D1PreparedStatement) => Promise<[Row | undefined, T]>, alone: () => Promise<T>): Promise<T> {
    return READ_ONLY.test(this.sql) ? this.gate.read(withCheck, alone) : this.gate.afterCheck(alone);
  }

  /** This statement's result in a batch after the check. */
  private async withCheck(check: D1PreparedStatement, statement = this.inner) {
    const [checked, result] = await this.gate.inner.batch<Row>([check, statement]);
    return [checked!.results[0], result!] as [Row | undefined, D1Result<Row>];
  }

  all<T>(): Promise<D1Result<T>> {
    return this.read((check) => this.withCheck(check) as never, () => this.inner.all<T>());
  }

  run<T>(): Promise<D1Result<T>> {
    return this.gate.afterCheck(() => this.inner.run<T>());
  }

  first(column?: string): Promise<unknown> {
    return this.read(async (check) => {
      const [row, result] = await this.withCheck(check);
      const first = result.results[0] ?? null;
      return [row, column === undefined || first === null ? first : first[column]];
    }, () => (column === undefined ? this.inner.first() : this.inner.first(column)));
  }

  /**
   * Rows as arrays, as `raw()` gives them. A batch gives objects, which would merge two columns
   * of one name (a join's `name_zh`s), so the statement is read through `SELECT *`, where SQLite
   * names duplicates apart (`name_zh:1`) and keeps their order. A column named like an array
   * index would change the objects' key order: such a statement is read again on its own.
   */
  raw(options?: { columnNames?: boolean }): Promise<unknown[]> {
    if (options?.columnNames) return this.gate.afterCheck(() => this.inner.raw({ columnNames: true }));
    return this.read(async (check) => {
      const named = this.gate.inner.prepare(`SELECT * FROM (${this.sql}\n)`).bind(...this.params);
      const [row, result] = await this.withCheck(check, named);
      const rows = result.results;
      if (rows[0] && Object.keys(rows[0]).some((k) => INDEX_LIKE.test(k))) return [row, await this.inner.raw()];
      return [row, rows.map((r) => Object.values(r))];
    }, () => this.inner.raw());
  }
}

/** `inner` held back until `check` accepts the key; `settle` makes sure it was asked (call it before answering). */
export function gatedD1(inner: D1Database, check: KeyCheck): { d1: D1Database; settle: () => Promise<void> } {
  const gate = new Gate(inner, check);
  const d1 = {
    prepare: (query: string) => new GatedStatement(gate, inner.prepare(query), query),
    batch<T>(statements: GatedStatement[]): Promise<D1Result<T>[]> {
      const alone = () => inner.batch<T>(statements.map((s) => s.inner));
      if (!statements.every((s) => READ_ONLY.test(s.sql))) return gate.afterCheck(alone);
      return gate.read(async (check) => {
        const [checked, ...results] = await inner.batch<T>([check, ...statements.map((s) => s.inner)]);
        return [checked!.results[0] as Row | undefined, results];
      }, alone);
    },
    async exec(query: string) {
      await gate.open();
      return inner.exec(query);
    },
    withSession: () => { throw new Error('D1 sessions are not used here'); },
    dump: () => inner.dump(),
  };
  return { d1: d1 as unknown as D1Database, settle: () => gate.open() };
}
