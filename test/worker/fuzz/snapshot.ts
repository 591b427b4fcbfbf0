// A mirror of the D1 database's rows, to prove that a refused request (4xx) changed nothing.
//
// Reading every row of every table (10 ms and more as the fuzz adds rows) around each of
// thousands of requests would be too slow. So the test first installs, in its own D1 (each test
// file has its own), a watch: triggers on every compared table that count its inserts, updates
// and deletes and note the rowids they touched. Around each request the test reads the counts
// (one small query); for the tables that moved (a successful write, a no-op UPDATE, or a refused
// request that wrote) it reads the rows it noted again and compares them with the mirror: the
// rows decide, the watch only says where to look. Tables without rowids are read whole. (SQLite's
// total_changes() cannot serve: D1's local runtime moves it on every statement, reads included.)
// At the end of each operation every table is read whole and compared, in case the watch missed
// something.
import { env } from 'cloudflare:test';

/** Per table, its rows as JSON by key (the rowid, or the row itself for tables without one). */
export type Rows = Map<string, Map<string, string>>;
/** Per table, the watch's count of its changes. */
export type Counts = Map<string, number>;
/** Rows read again: a whole table, or the rows at some keys (null: gone). */
type Fresh = Map<string, { whole?: Map<string, string>; some?: Map<string, string | null> }>;

/**
 * Bookkeeping that requests may change, refused ones included, and that is left out:
 * - `api_keys.last_used_at`: written at most once a minute per key on any request, by design
 *   (access/api-key.ts), refused ones too;
 * - `audit_log` rows: a denied or not-found read of personal data is audited on purpose. Its old
 *   rows must stay as they are: the check at the end of each operation sees that it only grew
 *   (migrations also forbid UPDATE and DELETE on it by trigger);
 * - `sqlite_sequence`'s row for audit_log: the AUTOINCREMENT counter those audit inserts move.
 * `_cf_*` tables are D1's own and cannot be read; `fuzz_*` are this test's. Everything else is
 * compared.
 */
const IGNORED_COLUMNS: Record<string, string[]> = { api_keys: ['last_used_at'] };
const AUDIT = 'audit_log';
/** SQLite keeps it itself (no triggers): read whole whenever any table moved, since any insert may move it. */
const SEQUENCE = 'sqlite_sequence';
const KEY = '_fuzz_key';

let tableList: { name: string; rowid: boolean }[] | undefined;

/** The compared tables, and whether each has rowids. */
async function tables(): Promise<{ name: string; rowid: boolean }[]> {
  tableList ??= (await env.DB.prepare(
    `SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\'
      AND name NOT LIKE 'fuzz\\_%' ESCAPE '\\' AND name != '${AUDIT}' ORDER BY name`,
  ).all<{ name: string; sql: string | null }>()).results.map((r) => ({ name: r.name, rowid: r.name !== SEQUENCE && !/WITHOUT\s+ROWID/i.test(r.sql ?? '') }));
  return tableList;
}

/**
 * Creates the watch: AFTER INSERT, UPDATE and DELETE triggers on every compared table that count
 * (fuzz_watch) and note rowids (fuzz_changed); api_keys' UPDATE trigger leaves last_used_at out.
 */
export async function installWatch(): Promise<void> {
  const statements = [
    env.DB.prepare('CREATE TABLE fuzz_watch (tbl text PRIMARY KEY, n integer NOT NULL) WITHOUT ROWID'),
    env.DB.prepare('CREATE TABLE fuzz_changed (tbl text NOT NULL, rid integer NOT NULL)'),
  ];
  for (const { name, rowid } of (await tables()).filter((t) => t.name !== SEQUENCE)) {
    statements.push(env.DB.prepare('INSERT INTO fuzz_watch (tbl, n) VALUES (?, 0)').bind(name));
    const ignored = IGNORED_COLUMNS[name] ?? [];
    const columns = (await env.DB.prepare(`SELECT name FROM pragma_table_info('${name}')`).all<{ name: string }>()).results.map((r) => r.name);
    const updateOf = ignored.length ? ` OF ${columns.filter((c) => !ignored.includes(c)).map((c) => `"${c}"`).join(', ')}` : '';
    const note = (...refs: string[]) => (rowid ? refs.map((r) => ` INSERT INTO fuzz_changed (tbl, rid) VALUES ('${name}', ${r}.rowid);`).join('') : '');
    for (const [suffix, event, refs] of [['ins', 'INSERT', ['NEW']], ['upd', `UPDATE${updateOf}`, ['OLD', 'NEW']], ['del', 'DELETE', ['OLD']]] as const) {
      statements.push(env.DB.prepare(`CREATE TRIGGER "fuzz_${name}_${suffix}" AFTER ${event} ON "${name}" `
        + `BEGIN UPDATE fuzz_watch SET n = n + 1 WHERE tbl = '${name}';${note(...refs)} END`));
    }
  }
  await env.DB.batch(statements);
}

export async function counts(): Promise<Counts> {
  const { results } = await env.DB.prepare('SELECT tbl, n FROM fuzz_watch').all<{ tbl: string; n: number }>();
  return new Map(results.map((r) => [r.tbl, r.n]));
}

/** The tables whose count differs (and sqlite_sequence with them). */
export function moved(a: Counts, b: Counts): string[] {
  const out = [...b].filter(([t, n]) => a.get(t) !== n).map(([t]) => t);
  return out.length ? [...out, SEQUENCE] : [];
}

const rowJson = (table: string, row: Record<string, unknown>) => {
  const ignored = [KEY, ...(IGNORED_COLUMNS[table] ?? [])];
  return JSON.stringify(Object.entries(row).filter(([k]) => !ignored.includes(k)));
};

function wholeTable(name: string, rowid: boolean, results: Record<string, unknown>[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of results) {
    if (name === SEQUENCE && r.name === AUDIT) continue;
    const json = rowJson(name, r);
    out.set(rowid ? String(r[KEY]) : json, json);
  }
  return out;
}

/** Every compared table, whole. */
export async function readAll(): Promise<Rows> {
  const list = await tables();
  const results = await env.DB.batch(list.map((t) => env.DB.prepare(t.rowid ? `SELECT rowid AS ${KEY}, * FROM "${t.name}"` : `SELECT * FROM "${t.name}"`)));
  return new Map(list.map((t, i) => [t.name, wholeTable(t.name, t.rowid, results[i]!.results as Record<string, unknown>[])]));
}

/** The rows the watch noted in `names` (whole tables where there are no rowids), in one round trip; clears the notes. */
async function readMoved(names: string[]): Promise<Fresh> {
  const list = (await tables()).filter((t) => names.includes(t.name));
  const results = await env.DB.batch([
    ...list.map((t) => env.DB.prepare(t.rowid
      ? `SELECT c.rid AS ${KEY}, t.rowid AS _fuzz_present, t.* FROM (SELECT DISTINCT rid FROM fuzz_changed WHERE tbl = ?) c LEFT JOIN "${t.name}" t ON t.rowid = c.rid`
      : `SELECT * FROM "${t.name}"`).bind(...(t.rowid ? [t.name] : []))),
    env.DB.prepare('DELETE FROM fuzz_changed'),
  ]);
  const fresh: Fresh = new Map();
  list.forEach((t, i) => {
    const r = results[i]!.results as Record<string, unknown>[];
    if (!t.rowid) {
      fresh.set(t.name, { whole: wholeTable(t.name, false, r) });
      return;
    }
    fresh.set(t.name, {
      some: new Map(r.map((row) => {
        const { _fuzz_present: present, ...rest } = row;
        return [String(row[KEY]), present === null ? null : rowJson(t.name, rest)];
      })),
    });
  });
  return fresh;
}

/** Reads what moved in `names` into `rows`; returns what differs from before (a few rows per table), empty if nothing. */
export async function update(rows: Rows, names: string[]): Promise<string[]> {
  const diffs: string[] = [];
  for (const [name, { whole, some }] of await readMoved(names)) {
    const table = rows.get(name) ?? new Map<string, string>();
    rows.set(name, table);
    const changes = some ?? new Map<string, string | null>([...(whole ?? [])]);
    if (whole) for (const k of table.keys()) if (!whole.has(k)) changes.set(k, null);
    const before: string[] = [];
    const after: string[] = [];
    for (const [k, json] of changes) {
      const old = table.get(k);
      if (old === (json ?? undefined)) continue;
      if (old !== undefined) before.push(old);
      if (json !== null) after.push(json);
      if (json === null) table.delete(k);
      else table.set(k, json);
    }
    if (before.length || after.length) diffs.push(describe(name, before, after));
  }
  return diffs;
}

/** What differs between two full reads, table by table; empty if nothing. */
export function compare(before: Rows, after: Rows): string[] {
  const out: string[] = [];
  for (const [name, table] of after) {
    const old = before.get(name) ?? new Map<string, string>();
    const added = [...table].filter(([k, v]) => old.get(k) !== v).map(([, v]) => v);
    const removed = [...old].filter(([k, v]) => table.get(k) !== v).map(([, v]) => v);
    if (added.length || removed.length) out.push(describe(name, removed, added));
  }
  return out;
}

function describe(name: string, before: string[], after: string[]): string {
  const show = (list: string[]) => list.slice(0, 3).map((r) => (r.length > 400 ? `${r.slice(0, 400)}…` : r)).join('\n      ');
  return `${name}: ${after.length} row(s) added or changed, ${before.length} removed or changed`
    + (after.length ? `\n    now:\n      ${show(after)}` : '') + (before.length ? `\n    before:\n      ${show(before)}` : '');
}

export type Audit = { count: number; maxId: number };
export async function audit(): Promise<Audit> {
  return (await env.DB.prepare(`SELECT count(*) AS count, coalesce(max(id), 0) AS maxId FROM ${AUDIT}`).first<Audit>())!;
}

/** Audit rows may be added, never changed or removed. */
export function compareAudit(before: Audit, after: Audit): string[] {
  const grew = after.count - before.count;
  return grew < 0 || after.maxId - before.maxId !== grew
    ? [`${AUDIT}: rows changed or deleted (count ${before.count} -> ${after.count}, last id ${before.maxId} -> ${after.maxId})`]
    : [];
}
