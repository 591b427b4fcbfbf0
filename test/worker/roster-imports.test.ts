import { env } from 'cloudflare:test';
import { and, count, desc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  auditLog, members, type ImportRow, type ImportValidation, type RosterImport, type RosterImportBatchResult, type RosterImportList, type Role,
} from '../../schema/index.ts';
import { app } from '../../worker/src/app.ts';
import { call, db, expectError, roleKey, seed, SK } from './helpers.ts';
import { checkScopeCopiesAfterEach } from './scope-consistency.ts';

// Every write here leaves every scope copy and roster count equal to what it copies (worker/src/data/scope-copies.ts).
checkScopeCopiesAfterEach();

const tokens: Record<string, string> = {};
beforeAll(async () => {
  await seed();
  const add = async (name: string, role: Role, node: string | null) => { tokens[name] = (await roleKey(role, node)).token; };
  await add('town', 'town_staff', 'hu_gangshang');
  await add('otherTown', 'town_staff', 'hu_tiefu');
  await add('village', 'village_staff', 'hu_gangshang_bei');
  await add('committee', 'committee_secretary', 'cm_suzhou');
});

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body),
});
const as = (token: string, init: RequestInit = {}) => ({ ...init, headers: { ...(init.headers as Record<string, string>), Authorization: `Bearer ${token}` } });

const row = (over: Partial<ImportRow> = {}): ImportRow => ({
  name: '赵六', mobile: '13700000001', town: '港上镇', village: '港上北村党支部', currentCity: '常州', category: '务工', employer: '常州某厂', ...over,
});

async function validate(rows: ImportRow[], firstRow?: number, token = SK) {
  const res = await call('/v1/roster/imports/validate', as(token, json({ rows, firstRow })));
  expect(res.status).toBe(200);
  return res.json<ImportValidation>();
}
async function start(mode: 'skip' | 'update' | 'fill', total: number, token = SK, tag = `测试 ${mode}`) {
  const res = await call('/v1/roster/imports', as(token, json({ tag, mode, total }, { 'Idempotency-Key': crypto.randomUUID() })));
  expect(res.status).toBe(201);
  return res.json<RosterImport>();
}
const sendBatch = (id: string, offset: number, rows: ImportRow[], token = SK, firstRow?: number) =>
  call(`/v1/roster/imports/${id}/batches`, as(token, json({ offset, rows, firstRow })));
async function batch(id: string, offset: number, rows: ImportRow[], token = SK) {
  const res = await sendBatch(id, offset, rows, token);
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json<RosterImportBatchResult>();
}
const member = async (mobile: string) => (await db().select().from(members).where(and(eq(members.tenantId, 'pizhou'), eq(members.mobile, mobile))))[0];
const importedBy = async (id: string) => (await db().select({ n: count() }).from(members).where(eq(members.importId, id)))[0]!.n;

describe('checking rows', () => {
  it('gives each bad row its errors, numbered from firstRow, and says which mobiles are on the roster', async () => {
    const result = await validate([
      row({ mobile: '137 0000 0001' }), // fine: spaces dropped
      row({ mobile: '1370000000', name: '钱七' }), // ten digits
      row({ mobile: '13700000003', village: '不存在村' }),
      row({ mobile: '13700000004', name: '孙八' }),
      row({ mobile: '+86 137-0000-0004', name: '孙八八' }), // the same mobile as the row before, written otherwise
      row({ mobile: '13800000001', name: '张伟', category: 'business_owner' }), // on the roster
      row({ mobile: '13700000007', town: 'hu_tiefu', village: 'hu_tiefu_yaowan', category: '学习', employer: null }), // ids
      row({ mobile: '13700000008', town: '铁富镇', village: '港上北村党支部', category: '种地', name: '' }),
    ], 2);
    expect(result.errors).toEqual([
      { row: 3, field: 'mobile', code: 'invalid', message: expect.stringContaining('1370000000') },
      { row: 4, field: 'village', code: 'unknown', message: 'No village 不存在村 in 港上镇.' },
      { row: 5, field: 'mobile', code: 'duplicate', message: 'The same mobile as row 6.' },
      { row: 6, field: 'mobile', code: 'duplicate', message: 'The same mobile as row 5.' },
      { row: 9, field: 'name', code: 'required', message: 'The name is empty.' },
      { row: 9, field: 'village', code: 'unknown', message: 'No village 港上北村党支部 in 铁富镇.' },
      { row: 9, field: 'category', code: 'invalid', message: expect.stringContaining('种地') },
    ]);
    expect(result.existing).toEqual([false, false, false, false, false, true, false, false]);
    expect({ valid: result.valid, invalid: result.invalid }).toEqual({ valid: 3, invalid: 5 });
    // Nothing written but the audit entry of the roster read, naming the member found.
    expect(await member('13700000001')).toBeUndefined();
    const [entry] = await db().select().from(auditLog).where(eq(auditLog.action, 'member.import_validate')).orderBy(desc(auditLog.id)).limit(1);
    expect(entry!.detail).toEqual({ rows: 8, firstRow: 2, found: ['mb_demo_01'] });
  });

  it('takes at most 1000 rows a call, bodies within their limit, and refuses other roles', async () => {
    const many = Array.from({ length: 1001 }, (_, i) => row({ mobile: `137${String(i).padStart(8, '0')}` }));
    await expectError(await call('/v1/roster/imports/validate', as(SK, json({ rows: many }))), 400, 'validation_failed');
    expect((await validate(many.slice(0, 1000))).valid).toBe(1000);
    // A batch at the schema's 200 characters a cell is over its 512 KB: the browser sends fewer rows.
    const long = '字'.repeat(200);
    const huge = Array.from({ length: 200 }, () => row({ name: long, town: long, village: long, currentCity: long, employer: long }));
    await expectError(await call('/v1/roster/imports/ri_none/batches', as(SK, json({ offset: 0, rows: huge }))), 413, 'payload_too_large');
    for (const who of ['village', 'committee']) {
      await expectError(await call('/v1/roster/imports/validate', as(tokens[who]!, json({ rows: [row()] }))), 403, 'forbidden');
    }
  });
});

describe('an import', () => {
  it('loads a 5,200-row roster in batches of 200, refusing its one bad row', async () => {
    const total = 5200;
    const villages = [['港上镇', '港上北村党支部'], ['铁富镇', '姚湾村党支部'], ['官湖镇', '赵庄村党支部'], ['运河街道', null]] as const;
    const rows = Array.from({ length: total }, (_, i) => {
      const [town, village] = villages[i % villages.length]!;
      return row({ name: `成员${i}`, mobile: `136${String(i).padStart(8, '0')}`, town, village, category: ['务工', '经商', '就业', '学习', '其他'][i % 5]! });
    });
    rows[4321] = { ...rows[4321]!, mobile: '1360000432' };
    const imp = await start('skip', total);
    let roundTrips = 0;
    let rowsWritten = 0;
    let last: RosterImportBatchResult | undefined;
    const began = Date.now();
    for (let offset = 0; offset < total; offset += 200) {
      const res = await app.request(`/v1/roster/imports/${imp.id}/batches`,
        as(SK, json({ offset, firstRow: offset + 2, rows: rows.slice(offset, offset + 200) })), { ...env, D1_METER: 'rows' });
      expect(res.status).toBe(200);
      const timing = /round_trips=(\d+) rows_read=\d+ rows_written=(\d+)/.exec(res.headers.get('Server-Timing')!)!;
      // The rows, the roster and the import read in one round trip; everything written in one more.
      expect(Number(timing[1])).toBeLessThanOrEqual(2);
      roundTrips += Number(timing[1]);
      rowsWritten += Number(timing[2]);
      last = await res.json<RosterImportBatchResult>();
    }
    const ms = Date.now() - began;
    console.log(`roster import: ${total} rows in ${total / 200} batches, ${ms} ms, ${roundTrips} D1 round trips, ${rowsWritten} rows written`);
    expect(last).toMatchObject({ status: 'completed', applied: total, added: total - 1, updated: 0, skipped: 0, refused: 1 });
    expect(last!.batch).toMatchObject({ offset: 5200 - 200, rows: 200, added: 200, refused: 0, replayed: false });
    expect(await importedBy(imp.id)).toBe(total - 1);
    const refused = await (await call(`/v1/roster/imports/${imp.id}`, as(SK))).json<RosterImport>();
    expect(refused).toMatchObject({ added: total - 1, refused: 1, status: 'completed' });
    // The bad row's error came with its batch, numbered as the file counts (a header line first).
    const again = await batch(imp.id, 4200, rows.slice(4200, 4400));
    expect(again.batch.replayed).toBe(true);
    expect(again.errors).toEqual([{ row: 4323, field: 'mobile', code: 'invalid', message: expect.any(String) }]);
    // A new member of the import: no host branch, no check-in, the import recorded.
    expect(await member('13600000000')).toMatchObject({ name: '成员0', homeUnitId: 'hu_gangshang_bei', homeTownId: 'hu_gangshang', category: 'worker', importId: imp.id, hostBranchId: null, lastCheckInAt: null, mobileVerifiedAt: null });
    expect(await member('13600000003')).toMatchObject({ homeUnitId: 'hu_yunhe', homeTownId: 'hu_yunhe' });
  }, 120_000);

  it('skips a member already on the roster in mode skip', async () => {
    const before = await member('13800000002');
    const imp = await start('skip', 1);
    const result = await batch(imp.id, 0, [row({ mobile: '13800000002', name: '李娜娜', town: '港上镇' })]);
    expect(result).toMatchObject({ added: 0, updated: 0, skipped: 1, refused: 0, status: 'completed' });
    expect(await member('13800000002')).toEqual(before);
  });

  it('overwrites name, home unit, city, category and employer in mode update, and moves the member\'s copies', async () => {
    const imp = await start('update', 3);
    const result = await batch(imp.id, 0, [
      row({ mobile: '13800000004', name: '刘阳', town: '港上镇', village: '港上北村党支部', currentCity: '南京', category: '就业', employer: '南京某公司' }),
      // As on the roster already: nothing to change.
      row({ mobile: '13800000009', name: '郑浩', town: '铁富镇', village: '姚湾村党支部', currentCity: '常州', category: '经商', employer: undefined }),
      // No village column: a member of that town keeps their village; an empty employer cell clears it.
      row({ mobile: '13800000005', name: '陈静', town: '港上镇', village: undefined, currentCity: '无锡', category: '务工', employer: '' }),
    ]);
    expect(result).toMatchObject({ added: 0, updated: 2, skipped: 1, refused: 0 });
    expect(await member('13800000004')).toMatchObject({
      name: '刘阳', homeUnitId: 'hu_gangshang_bei', homeTownId: 'hu_gangshang', currentCity: '南京', category: 'employee', employer: '南京某公司', importId: imp.id,
      mobileVerifiedAt: null, // an import proves no mobile
    });
    expect(await member('13800000009')).toMatchObject({ importId: null });
    expect(await member('13800000005')).toMatchObject({ homeUnitId: 'hu_gangshang_bei', currentCity: '无锡', employer: null, importId: imp.id });
  });

  it('sets only empty columns in mode fill', async () => {
    await db().update(members).set({ employer: null }).where(eq(members.mobile, '13800000003'));
    const imp = await start('fill', 2);
    const result = await batch(imp.id, 0, [
      row({ mobile: '13800000003', name: '王刚', town: '港上镇', currentCity: '北京', category: '学习', employer: '西安某厂' }),
      row({ mobile: '13800000007', name: '周杰', town: '港上镇', currentCity: '北京', category: '经商', employer: null }), // nothing empty to fill
    ]);
    expect(result).toMatchObject({ added: 0, updated: 1, skipped: 1 });
    expect(await member('13800000003')).toMatchObject({
      name: '王强', homeUnitId: 'hu_guanhu_zhao', currentCity: '西安', category: 'worker', employer: '西安某厂', importId: imp.id,
    });
  });

  it('writes a retried batch once, even two at a time, and refuses other rows at an applied offset', async () => {
    const imp = await start('update', 6);
    const rows = [row({ mobile: '13500000001' }), row({ mobile: '13500000002' }), row({ mobile: '13800000008', name: '吴敏敏', town: '港上镇', village: null })];
    const first = await batch(imp.id, 0, rows);
    expect(first).toMatchObject({ added: 2, updated: 1, applied: 3, batch: { replayed: false } });
    const audits = async () => (await db().select({ n: count() }).from(auditLog).where(and(eq(auditLog.action, 'member.import'), eq(auditLog.subjectId, imp.id))))[0]!.n;
    expect(await audits()).toBe(1);
    const retry = await batch(imp.id, 0, rows);
    expect(retry).toEqual({ ...first, batch: { ...first.batch, replayed: true } });
    expect(await importedBy(imp.id)).toBe(3);
    expect(await audits()).toBe(1);
    await expectError(await sendBatch(imp.id, 0, [row({ mobile: '13500000009' })]), 409, 'conflict');
    await expectError(await sendBatch(imp.id, 2, [row({ mobile: '13500000009' })]), 409, 'conflict'); // overlaps 0–2
    await expectError(await sendBatch(imp.id, 5, [row({ mobile: '13500000009' }), row({ mobile: '13500000010' })]), 400, 'validation_failed'); // past total
    const next = [row({ mobile: '13500000003' }), row({ mobile: '13500000004' }), row({ mobile: '13500000005' })];
    const both = await Promise.all([sendBatch(imp.id, 3, next), sendBatch(imp.id, 3, next)]);
    const answers = await Promise.all(both.map(async (r) => { expect(r.status).toBe(200); return r.json<RosterImportBatchResult>(); }));
    expect(answers.map((a) => a.batch.replayed).sort()).toEqual([false, true]);
    expect(answers.every((a) => a.added === 5 && a.applied === 6 && a.status === 'completed')).toBe(true);
    expect(await importedBy(imp.id)).toBe(6);
    expect(await audits()).toBe(2);
  });

  it('stops: later batches are 409, what was applied stays', async () => {
    const imp = await start('skip', 400);
    await batch(imp.id, 0, [row({ mobile: '13500000101' })]);
    const stopped = await call(`/v1/roster/imports/${imp.id}/stop`, as(SK, { method: 'POST' }));
    expect(stopped.status).toBe(200);
    expect(await stopped.json<RosterImport>()).toMatchObject({ status: 'stopped', added: 1, applied: 1 });
    const refused = await expectError(await sendBatch(imp.id, 1, [row({ mobile: '13500000102' })]), 409, 'conflict');
    expect(refused.details).toEqual({ status: 'stopped' });
    expect(await member('13500000102')).toBeUndefined();
    expect((await batch(imp.id, 0, [row({ mobile: '13500000101' })])).batch.replayed).toBe(true);
    // Stopping again changes nothing; the audit has the one stop.
    expect((await call(`/v1/roster/imports/${imp.id}/stop`, as(SK, { method: 'POST' }))).status).toBe(200);
    const stops = await db().select().from(auditLog).where(and(eq(auditLog.action, 'roster_import.stop'), eq(auditLog.subjectId, imp.id)));
    expect(stops.map((s) => (s.detail as { stopped: boolean }).stopped)).toEqual([true, false]);
    // An unknown import: 404, and nothing recorded.
    const entries = (await db().select({ n: count() }).from(auditLog))[0]!.n;
    await expectError(await call('/v1/roster/imports/ri_none/stop', as(SK, { method: 'POST' })), 404, 'not_found');
    expect((await db().select({ n: count() }).from(auditLog))[0]!.n).toBe(entries);
  });

  it('starts once per Idempotency-Key', async () => {
    const init = as(SK, json({ tag: '一次', mode: 'skip', total: 10 }, { 'Idempotency-Key': 'roster-import-once-1' }));
    const first = await call('/v1/roster/imports', init);
    const again = await call('/v1/roster/imports', init);
    expect(again.headers.get('Idempotent-Replayed')).toBe('true');
    expect((await again.json<RosterImport>()).id).toBe((await first.json<RosterImport>()).id);
  });
});

describe('town staff', () => {
  it('import only their town\'s members, and see only their town\'s imports', async () => {
    const imp = await start('update', 4, tokens.town!);
    expect(imp.townId).toBe('hu_gangshang');
    const result = await batch(imp.id, 0, [
      row({ mobile: '13500000201', town: '港上镇', village: '港上北村党支部' }),
      row({ mobile: '13500000202', town: '铁富镇', village: '姚湾村党支部' }),
      row({ mobile: '13800000002', name: '李娜', town: '港上镇', village: null }), // on the roster, of Tiefu
      row({ mobile: '13800000006', name: '孙丽丽', town: '港上镇', category: '就业' }), // theirs
    ], tokens.town!);
    expect(result).toMatchObject({ added: 1, updated: 1, refused: 2 });
    expect(result.errors).toEqual([
      { row: 2, field: 'town', code: 'out_of_scope', message: expect.any(String) },
      { row: 3, field: 'mobile', code: 'out_of_scope', message: expect.any(String) },
    ]);
    expect(await member('13800000002')).toMatchObject({ name: '李娜', homeUnitId: 'hu_tiefu_yaowan' });
    expect(await member('13800000006')).toMatchObject({ name: '孙丽丽', importId: imp.id });
    // Validation says the same.
    expect((await validate([row({ mobile: '13800000002', town: '港上镇' })], 1, tokens.town!)).errors).toMatchObject([{ code: 'out_of_scope' }]);

    await expectError(await call(`/v1/roster/imports/${imp.id}`, as(tokens.otherTown!)), 404, 'not_found');
    await expectError(await sendBatch(imp.id, 0, [row()], tokens.otherTown!), 404, 'not_found');
    const theirs = await (await call('/v1/roster/imports', as(tokens.otherTown!))).json<RosterImportList>();
    expect(theirs.data.map((i) => i.id)).not.toContain(imp.id);
    const all = await (await call('/v1/roster/imports?limit=100', as(SK))).json<RosterImportList>();
    expect(all.data[0]!.id).toBe(imp.id); // newest first
    await expectError(await call('/v1/roster/imports', as(tokens.village!, json({ tag: 'x', mode: 'skip', total: 1 }, { 'Idempotency-Key': crypto.randomUUID() }))), 403, 'forbidden');
  });
});

describe('the audit', () => {
  it('records the start, each batch with its counts and the members written, in the batch that wrote them', async () => {
    const imp = await start('update', 2);
    await batch(imp.id, 0, [row({ mobile: '13500000301' }), row({ mobile: '1350000030' })]);
    const entries = await db().select().from(auditLog).where(eq(auditLog.subjectId, imp.id)).orderBy(auditLog.id);
    const written = await member('13500000301');
    expect(entries.map((e) => [e.action, e.subjectType, e.detail])).toEqual([
      ['roster_import.create', 'roster_import', { tag: '测试 update', mode: 'update', total: 2 }],
      ['member.import', 'roster_import', { offset: 0, rows: 2, added: 1, updated: 0, skipped: 0, refused: 1, members: [written!.id] }],
    ]);
  });
});

describe('the template', () => {
  it('is an .xlsx with the Chinese headers and an example row of the caller\'s town', async () => {
    const res = await call('/v1/roster/import-template?format=xlsx', as(tokens.town!));
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers.get('Content-Disposition')).toContain("filename*=UTF-8''");
    const { default: ExcelJS } = await import('exceljs');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    const sheet = book.worksheets[0]!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(['姓名', '手机号', '户籍镇（街道）', '户籍村（社区）', '现居城市', '类别', '工作单位']);
    expect((sheet.getRow(2).values as unknown[]).slice(1)).toEqual(['张三', '13800000000', '港上镇', '港上北村党支部', '常州', '务工', '常州某某建筑公司']);
  });

  it('is a CSV in UTF-8 with a BOM', async () => {
    const res = await call('/v1/roster/import-template?format=csv', as(SK));
    expect(res.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes.slice(3))).toBe('姓名,手机号,户籍镇（街道）,户籍村（社区）,现居城市,类别,工作单位\r\n张三,13800000000,港上镇,港上北村党支部,常州,务工,常州某某建筑公司\r\n');
  });
});
