// Roster imports (docs/roster-import.md). The browser sends the rows of the organisation's file;
// here they are checked (against the tenant's home units, the caller's town, the roster by
// mobile) and written in batches. The mobile is the only identity: a name never matches anyone.
//
// A batch is one D1 batch: a guard that fails it unless the import is running, the members
// (new ones through scope-copies.ts, so that their copies and the roster counts follow), the
// batch's row keyed by its offset (a concurrent retry of it fails on that key and is rolled
// back), the import's counts, and the audit entry. So a batch happens whole or not at all, and
// once. Its counts are taken in SQL where the batch decides them: a new member whose mobile
// arrived meanwhile from a check-in is not inserted, and not counted as added.
import { and, desc, eq, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Context } from 'hono';
import {
  auditLog, homeUnits, memberCategories, memberCategoryLabelsZh, members, normaliseMobile, rosterImportBatches, rosterImports, tenants,
  type ImportRow, type ImportRowError, type ImportValidation, type RosterImport, type RosterImportBatchResult, type RosterImportCreate,
} from '../../../schema/index.ts';
import { auditEntry, auditSelect } from '../access/audit.ts';
import type { ImportScope } from '../access/import-scope.ts';
import { database, errorMessages, inIdList, type Database } from '../db.ts';
import type { AppEnv } from '../env.ts';
import { HttpError, notFound } from '../errors.ts';
import { newId, sha256Hex } from '../lib/crypto.ts';
import { respondOnce, storeResponse } from '../middleware/idempotency.ts';
import { insertMemberIfNew, moveHome } from './scope-copies.ts';

type Category = (typeof memberCategories)[number];
type Unit = { id: string; parentId: string | null; kind: 'town' | 'village'; nameZh: string };
type Existing = {
  id: string; mobile: string; name: string; homeUnitId: string; homeTownId: string | null;
  currentCity: string | null; category: Category; employer: string | null;
};
/** A row that passed every check of its own: what it says, resolved. */
type Good = {
  name: string; mobile: string; townId: string; homeUnitId: string;
  /** Whether the row had a village column at all (undefined: left out). */
  villageGiven: boolean;
  category: Category;
  /** undefined: the column was left out (not changed); null: an empty cell. */
  currentCity: string | null | undefined;
  employer: string | null | undefined;
};
type Checked = { row: number; errors: ImportRowError[]; good?: Good; existing?: Existing };

const LIMITS = { name: 40, currentCity: 60, employer: 80 } as const;
const CATEGORY_BY_WORD = new Map<string, Category>([
  ...memberCategories.map((c): [string, Category] => [c, c]),
  ...memberCategories.map((c): [string, Category] => [memberCategoryLabelsZh[c], c]),
]);

/** The tenant's home units, found by id or by Chinese name (a village's within its town). */
class HomeUnits {
  private readonly byId = new Map<string, Unit>();
  private readonly byName = new Map<string, Unit[]>();

  constructor(units: Unit[]) {
    for (const u of units) {
      this.byId.set(u.id, u);
      const key = `${u.kind === 'town' ? '' : u.parentId}/${u.nameZh}`;
      this.byName.set(key, [...(this.byName.get(key) ?? []), u]);
    }
  }

  /** The unit `text` names (an id, else a name) among the towns, or a town's villages; a message if none or several. */
  find(text: string, town: Unit | null): Unit | string {
    const byId = this.byId.get(text);
    if (byId && (town === null ? byId.kind === 'town' : byId.kind === 'village' && byId.parentId === town.id)) return byId;
    const named = this.byName.get(`${town === null ? '' : town.id}/${text}`) ?? [];
    if (named.length === 1) return named[0]!;
    if (named.length > 1) return `More than one ${town ? 'village of that town' : 'town'} is named ${text}: give its id.`;
    return town ? `No village ${text} in ${town.nameZh}.` : `No town ${text} in this organisation.`;
  }
}

/** Trimmed text; '' and null as null. */
const text = (v: string | null | undefined) => (v === undefined ? undefined : (v ?? '').trim() || null);

/** One row's own checks (everything but the roster): its errors, or what it says. */
function checkRow(r: ImportRow, row: number, units: HomeUnits, scope: ImportScope): Checked {
  const errors: ImportRowError[] = [];
  const fail = (field: ImportRowError['field'], code: ImportRowError['code'], message: string) => { errors.push({ row, field, code, message }); };
  const name = text(r.name);
  if (!name) fail('name', 'required', 'The name is empty.');
  else if ([...name].length > LIMITS.name) fail('name', 'too_long', `The name is longer than ${LIMITS.name} characters.`);
  const rawMobile = text(r.mobile);
  const mobile = rawMobile ? normaliseMobile(rawMobile) : null;
  if (!rawMobile) fail('mobile', 'required', 'The mobile is empty.');
  else if (!mobile) fail('mobile', 'invalid', `${rawMobile} is not a mainland mobile number (11 digits starting 13–19).`);
  const townText = text(r.town);
  let town: Unit | null = null;
  if (!townText) fail('town', 'required', 'The town is empty.');
  else {
    const found = units.find(townText, null);
    if (typeof found === 'string') fail('town', 'unknown', found);
    else if (scope.kind === 'town' && found.id !== scope.townId) fail('town', 'out_of_scope', `${found.nameZh} is not your town: you import only your town's members.`);
    else town = found;
  }
  const villageText = text(r.village);
  let unit = town;
  if (villageText && town) {
    const found = units.find(villageText, town);
    if (typeof found === 'string') fail('village', 'unknown', found);
    else unit = found;
  }
  const categoryText = text(r.category);
  const category = categoryText ? CATEGORY_BY_WORD.get(categoryText) : undefined;
  if (!categoryText) fail('category', 'required', 'The category is empty.');
  else if (!category) fail('category', 'invalid', `${categoryText} is not a category: ${Object.values(memberCategoryLabelsZh).join(' ')}.`);
  const currentCity = text(r.currentCity);
  if (currentCity && [...currentCity].length > LIMITS.currentCity) fail('currentCity', 'too_long', `The city is longer than ${LIMITS.currentCity} characters.`);
  const employer = text(r.employer);
  if (employer && [...employer].length > LIMITS.employer) fail('employer', 'too_long', `The employer is longer than ${LIMITS.employer} characters.`);
  if (errors.length || !name || !mobile || !town || !unit || !category) return { row, errors };
  return { row, errors, good: { name, mobile, townId: town.id, homeUnitId: unit.id, villageGiven: r.village !== undefined, category, currentCity, employer } };
}

/**
 * Every row's checks: its own, then those across the rows (a mobile twice: every such row is an
 * error, since which of them is right cannot be told) and against the roster (town staff may not
 * touch a member on the roster outside their town).
 */
function checkRows(rows: ImportRow[], firstRow: number, units: HomeUnits, scope: ImportScope, existing: Map<string, Existing>): Checked[] {
  const checked = rows.map((r, i) => checkRow(r, firstRow + i, units, scope));
  const rowsOf = new Map<string, number[]>();
  rows.forEach((r, i) => {
    const mobile = normaliseMobile(text(r.mobile) ?? '');
    if (mobile) rowsOf.set(mobile, [...(rowsOf.get(mobile) ?? []), i]);
  });
  for (const indexes of rowsOf.values()) {
    if (indexes.length < 2) continue;
    for (const i of indexes) {
      const others = indexes.filter((j) => j !== i).map((j) => firstRow + j);
      checked[i]!.errors.push({ row: firstRow + i, field: 'mobile', code: 'duplicate', message: `The same mobile as row ${others.join(', ')}.` });
      delete checked[i]!.good;
    }
  }
  for (const c of checked) {
    const member = c.good && existing.get(c.good.mobile);
    if (!member) continue;
    c.existing = member;
    if (scope.kind === 'town' && member.homeTownId !== scope.townId) {
      c.errors.push({ row: c.row, field: 'mobile', code: 'out_of_scope', message: 'This mobile is on the roster outside your town: the home admin can change that member.' });
      delete c.good;
    }
  }
  return checked;
}

/** The tenant's home units, and the members with these mobiles: statements for one batch. */
function lookUps(db: Database, tenantId: string, mobiles: string[]) {
  return [
    db.select({ id: homeUnits.id, parentId: homeUnits.parentId, kind: homeUnits.kind, nameZh: homeUnits.nameZh })
      .from(homeUnits).where(eq(homeUnits.tenantId, tenantId)),
    db.select({
      id: members.id, mobile: members.mobile, name: members.name, homeUnitId: members.homeUnitId, homeTownId: members.homeTownId,
      currentCity: members.currentCity, category: members.category, employer: members.employer,
    }).from(members).where(and(eq(members.tenantId, tenantId), inIdList(members.mobile, mobiles))),
  ] as const;
}

const mobilesOf = (rows: ImportRow[]) => [...new Set(rows.map((r) => normaliseMobile(text(r.mobile) ?? '')).filter((m): m is string => m !== null))];
const byMobile = (rows: Existing[]) => new Map(rows.map((m) => [m.mobile, m]));
const errorsOf = (checked: Checked[]) => checked.flatMap((c) => c.errors);

/**
 * `POST /roster/imports/validate`: nothing is written but the audit entry of the roster read (the
 * members found by mobile), in the same batch as the read.
 */
export async function validateRows(c: Context<AppEnv>, scope: ImportScope, input: { firstRow: number; rows: ImportRow[] }): Promise<ImportValidation> {
  const db = database(c.env.DB);
  const t = c.var.key.tenantId;
  const mobiles = mobilesOf(input.rows);
  const [units, found] = await db.batch([
    ...lookUps(db, t, mobiles),
    auditEntry(c, {
      action: 'member.import_validate', subjectType: 'member',
      detail: sql`json_object('rows', ${input.rows.length}, 'firstRow', ${input.firstRow}, 'found',
        (select json_group_array(${members.id}) from ${members} where ${members.tenantId} = ${t} and ${inIdList(members.mobile, mobiles)}))`,
    }),
  ]);
  const checked = checkRows(input.rows, input.firstRow, new HomeUnits(units as Unit[]), scope, byMobile(found as Existing[]));
  const invalid = checked.filter((x) => x.errors.length).length;
  const onRoster = new Set(found.map((f) => f.mobile));
  return {
    errors: errorsOf(checked),
    // By mobile, whatever else is wrong with the row.
    existing: input.rows.map((r) => onRoster.has(normaliseMobile(text(r.mobile) ?? '') ?? '')),
    valid: input.rows.length - invalid, invalid,
  };
}

type ImportRecord = typeof rosterImports.$inferSelect;
const toImport = (r: ImportRecord): RosterImport => ({
  id: r.id, tag: r.tag, mode: r.mode, total: r.total, applied: r.applied, added: r.added, updated: r.updated,
  skipped: r.skipped, refused: r.refused, status: r.status, townId: r.townId, createdAt: r.createdAt, updatedAt: r.updatedAt,
});

/** Imports the caller sees: the tenant's for the home admin, their town's for town staff. */
const visible = (tenantId: string, scope: ImportScope) =>
  and(eq(rosterImports.tenantId, tenantId), scope.kind === 'town' ? eq(rosterImports.townId, scope.townId) : undefined)!;

/** `POST /roster/imports`, exactly once (Idempotency-Key): the import, running, with nothing done yet. */
export async function createImport(c: Context<AppEnv>, scope: ImportScope, input: RosterImportCreate): Promise<Response> {
  const db = database(c.env.DB);
  const key = c.var.key;
  const now = Date.now();
  const record: ImportRecord = {
    id: newId('ri'), tenantId: key.tenantId, tag: input.tag, mode: input.mode, total: input.total, applied: 0,
    added: 0, updated: 0, skipped: 0, refused: 0, status: 'running', townId: scope.kind === 'town' ? scope.townId : null,
    createdByKeyId: key.id, userId: key.userId ?? null, createdAt: now, updatedAt: now,
  };
  const body = JSON.stringify(toImport(record));
  return respondOnce(c, 201, body, () => db.batch([
    storeResponse(c, 201, body),
    db.insert(rosterImports).values(record),
    auditEntry(c, { action: 'roster_import.create', subjectType: 'roster_import', subjectId: record.id, detail: { tag: input.tag, mode: input.mode, total: input.total } }),
  ]));
}

export async function getImport(c: Context<AppEnv>, scope: ImportScope, id: string): Promise<RosterImport> {
  const db = database(c.env.DB);
  const [row] = await db.select().from(rosterImports).where(and(visible(c.var.key.tenantId, scope), eq(rosterImports.id, id))).limit(1);
  if (!row) throw notFound('The import');
  return toImport(row);
}

export async function listImports(c: Context<AppEnv>, scope: ImportScope, limit: number): Promise<RosterImport[]> {
  const db = database(c.env.DB);
  const rows = await db.select().from(rosterImports).where(visible(c.var.key.tenantId, scope)).orderBy(desc(rosterImports.createdAt)).limit(limit);
  return rows.map(toImport);
}

/** `POST /roster/imports/{id}/stop`: a running import stops (its later batches are 409); a stopped or completed one is as it was. */
export async function stopImport(c: Context<AppEnv>, scope: ImportScope, id: string): Promise<RosterImport> {
  const db = database(c.env.DB);
  const now = Date.now();
  const where = and(visible(c.var.key.tenantId, scope), eq(rosterImports.id, id))!;
  const [stopped, current] = await db.batch([
    db.update(rosterImports).set({ status: 'stopped', updatedAt: now }).where(and(where, eq(rosterImports.status, 'running'))).returning(),
    db.select().from(rosterImports).where(where).limit(1),
    // Recorded for an import the caller sees (none for a 404), saying whether this call stopped it.
    db.insert(auditLog).select(sql`${auditSelect(c, {
      at: now, action: 'roster_import.stop', subjectType: 'roster_import', subjectId: id,
      detail: sql`json_object('applied', ${rosterImports.applied}, 'total', ${rosterImports.total},
        'stopped', json(case when ${rosterImports.updatedAt} = ${now} and ${rosterImports.status} = 'stopped' then 'true' else 'false' end))`,
    })} from ${rosterImports} where ${where}`),
  ]);
  const row = stopped[0] ?? current[0];
  if (!row) throw notFound('The import');
  return toImport(row);
}

type BatchRecord = typeof rosterImportBatches.$inferSelect;
const batchResult = (imp: ImportRecord, b: BatchRecord, replayed: boolean): RosterImportBatchResult => ({
  ...toImport(imp),
  batch: { offset: b.rowOffset, rows: b.rows, added: b.added, updated: b.updated, skipped: b.skipped, refused: b.refused, replayed },
  errors: b.errors as ImportRowError[],
});

/** What a known member's row becomes in `update` or `fill` mode; undefined: nothing changes. */
function changes(mode: 'update' | 'fill', g: Good, m: Existing) {
  const empty = (v: string | null) => v === null || v === '';
  if (mode === 'fill') {
    const set: { currentCity?: string; employer?: string } = {};
    if (empty(m.currentCity) && g.currentCity) set.currentCity = g.currentCity;
    if (empty(m.employer) && g.employer) set.employer = g.employer;
    return Object.keys(set).length ? { set, homeUnitId: m.homeUnitId } : undefined;
  }
  // A row without a village column keeps a member of that town in their village.
  const homeUnitId = !g.villageGiven && m.homeTownId === g.townId ? m.homeUnitId : g.homeUnitId;
  const set = {
    name: g.name, category: g.category,
    currentCity: g.currentCity === undefined ? m.currentCity : g.currentCity,
    employer: g.employer === undefined ? m.employer : g.employer,
  };
  const same = set.name === m.name && set.category === m.category && set.currentCity === m.currentCity && set.employer === m.employer;
  return same && homeUnitId === m.homeUnitId ? undefined : { set, homeUnitId };
}

const conflict = (message: string, details?: unknown) => new HttpError(409, 'conflict', message, details);
const notRunning = /malformed JSON/i;
const batchTaken = /UNIQUE constraint failed: roster_import_batches\./;

/**
 * `POST /roster/imports/{id}/batches`: applies the rows at `offset` once. A retry of an applied
 * offset (the same rows) answers what that batch did, writing nothing; other rows at an applied
 * offset, or rows overlapping another batch, are a 409, as is any batch of an import that is no
 * longer running.
 */
export async function applyBatch(
  c: Context<AppEnv>, scope: ImportScope, id: string, input: { offset: number; firstRow?: number; rows: ImportRow[] }, again = false,
): Promise<RosterImportBatchResult> {
  const db = database(c.env.DB);
  const key = c.var.key;
  const t = key.tenantId;
  const { offset, rows } = input;
  const end = offset + rows.length;
  const rowsHash = await sha256Hex(JSON.stringify(rows));
  const mobiles = mobilesOf(rows);
  const [imports, applied, overlapping, units, found] = await db.batch([
    db.select().from(rosterImports).where(and(visible(t, scope), eq(rosterImports.id, id))).limit(1),
    db.select().from(rosterImportBatches).where(and(eq(rosterImportBatches.importId, id), eq(rosterImportBatches.rowOffset, offset))).limit(1),
    db.select({ offset: rosterImportBatches.rowOffset, rows: rosterImportBatches.rows }).from(rosterImportBatches)
      .where(and(eq(rosterImportBatches.importId, id), sql`${rosterImportBatches.rowOffset} < ${end}`,
        sql`${rosterImportBatches.rowOffset} + ${rosterImportBatches.rows} > ${offset}`, sql`${rosterImportBatches.rowOffset} <> ${offset}`)).limit(1),
    ...lookUps(db, t, mobiles),
  ]);
  const imp = imports[0];
  if (!imp) throw notFound('The import');
  const done = applied[0];
  if (done) {
    if (done.rowsHash !== rowsHash) throw conflict(`The batch at offset ${offset} was applied with other rows.`, { offset });
    return batchResult(imp, done, true);
  }
  if (imp.status !== 'running') throw conflict(`The import is ${imp.status}: it takes no more batches.`, { status: imp.status });
  if (end > imp.total) {
    throw new HttpError(400, 'validation_failed', 'Some parameters are invalid.', [{ path: 'rows', message: `offset + rows (${end}) is more than the import's total (${imp.total}).` }]);
  }
  if (overlapping[0]) throw conflict(`These rows overlap the batch applied at offset ${overlapping[0].offset}.`, { offset: overlapping[0].offset });

  const checked = checkRows(rows, input.firstRow ?? offset + 1, new HomeUnits(units as Unit[]), scope, byMobile(found as Existing[]));
  const now = Date.now();
  const work: BatchItem<'sqlite'>[] = [];
  const newIds: string[] = [];
  const updatedIds: string[] = [];
  let skipped = 0;
  for (const { good, existing } of checked) {
    if (!good) continue;
    if (!existing) {
      const memberId = newId('mb');
      newIds.push(memberId);
      work.push(...insertMemberIfNew(db, {
        id: memberId, tenantId: t, name: good.name, mobile: good.mobile, homeUnitId: good.homeUnitId,
        currentCity: good.currentCity ?? null, category: good.category, employer: good.employer ?? null, importId: id, createdAt: now,
      }));
      continue;
    }
    const change = imp.mode === 'skip' ? undefined : changes(imp.mode, good, existing);
    if (!change) { skipped++; continue; }
    updatedIds.push(existing.id);
    if (change.homeUnitId !== existing.homeUnitId) work.push(...moveHome(db, { tenantId: t, memberId: existing.id, homeUnitId: change.homeUnitId }));
    const set = imp.mode === 'fill'
      // Only what is still empty when the batch runs.
      ? Object.fromEntries(Object.entries(change.set).map(([k, v]) => {
        const column = k === 'currentCity' ? members.currentCity : members.employer;
        return [k, sql`case when coalesce(${column}, '') = '' then ${v} else ${column} end`];
      }))
      : change.set;
    work.push(db.update(members).set({ ...set, importId: id }).where(and(eq(members.tenantId, t), eq(members.id, existing.id))));
  }
  const refused = checked.filter((x) => !x.good).length;
  const errors = errorsOf(checked);
  // Added: the new ids now on the roster; a mobile that another request added meanwhile was not inserted, and is skipped.
  const addedNow = sql<number>`(select count(*) from ${members} where ${inIdList(members.id, newIds)})`;
  const batchKey = and(eq(rosterImportBatches.importId, id), eq(rosterImportBatches.rowOffset, offset))!;
  const counted = (column: 'added' | 'updated' | 'skipped' | 'refused') =>
    sql`${rosterImports[column]} + (select ${rosterImportBatches[column]} from ${rosterImportBatches} where ${batchKey})`;
  const results = await db.batch([
    // Fails the batch (json() of text that is not JSON) unless the import is still running.
    db.select({ running: sql`json(case when exists (select 1 from ${rosterImports} where ${rosterImports.id} = ${id} and ${rosterImports.status} = 'running')
      then '1' else 'not running' end)` }).from(tenants).where(eq(tenants.id, t)),
    ...work,
    db.insert(rosterImportBatches).values({
      importId: id, tenantId: t, rowOffset: offset, rows: rows.length, rowsHash,
      added: addedNow, updated: updatedIds.length, skipped: sql`${skipped + newIds.length} - ${addedNow}`, refused,
      errors, keyId: key.id, at: now,
    }),
    auditEntry(c, {
      action: 'member.import', subjectType: 'roster_import', subjectId: id,
      detail: sql`(select json_object('offset', ${rosterImportBatches.rowOffset}, 'rows', ${rosterImportBatches.rows},
          'added', ${rosterImportBatches.added}, 'updated', ${rosterImportBatches.updated}, 'skipped', ${rosterImportBatches.skipped},
          'refused', ${rosterImportBatches.refused}, 'members', (select json_group_array(${members.id}) from ${members}
            where ${inIdList(members.id, [...newIds, ...updatedIds])}))
        from ${rosterImportBatches} where ${batchKey})`,
    }),
    db.update(rosterImports).set({
      applied: sql`${rosterImports.applied} + ${rows.length}`,
      added: counted('added'), updated: counted('updated'), skipped: counted('skipped'), refused: counted('refused'),
      status: sql`case when ${rosterImports.applied} + ${rows.length} >= ${rosterImports.total} then 'completed' else ${rosterImports.status} end`,
      updatedAt: now,
    }).where(eq(rosterImports.id, id)).returning(),
    db.select().from(rosterImportBatches).where(batchKey),
  ]).catch(async (err: unknown) => {
    const message = errorMessages(err);
    if (again || (!notRunning.test(message) && !batchTaken.test(message))) throw err;
    // Stopped meanwhile, or a concurrent retry applied this offset first: answer as it now stands.
    return undefined;
  });
  if (!results) return applyBatch(c, scope, id, input, true);
  const after = results[results.length - 2] as ImportRecord[];
  const batch = results[results.length - 1] as BatchRecord[];
  return batchResult(after[0]!, batch[0]!, false);
}

/** A town of the caller's (its first, for the home admin) and its first village, by Chinese name, for the template's example row. */
export async function exampleUnits(c: Context<AppEnv>, scope: ImportScope): Promise<[town: string, village: string]> {
  const db = database(c.env.DB);
  const t = c.var.key.tenantId;
  const town = alias(homeUnits, 'town');
  const [row] = await db.select({
    town: town.nameZh,
    // "town"."id" written out: drizzle leaves the one table of a select unqualified, which the subquery would take for its own.
    village: sql<string | null>`(select v.name_zh from ${homeUnits} v where v.tenant_id = ${t} and v.parent_id = ${sql.identifier('town')}.${sql.identifier('id')} order by v.id limit 1)`,
  }).from(town)
    .where(and(eq(town.tenantId, t), eq(town.kind, 'town'), scope.kind === 'town' ? eq(town.id, scope.townId) : undefined))
    .orderBy(town.id).limit(1);
  return [row?.town ?? '某某镇', row?.village ?? ''];
}
