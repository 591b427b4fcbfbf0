// Roster imports (docs/roster-import.md): the template, checking rows, and an import applied in
// batches. The home admin and town staff only (access/import-scope.ts); writes need `members:write`.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import {
  IdParam, IMPORT_BATCH_MAX_ROWS, IMPORT_VALIDATE_MAX_ROWS, ImportTemplateQuery, ImportValidate, ImportValidation,
  RosterImport, RosterImportBatch, RosterImportBatchResult, RosterImportCreate, RosterImportList, RosterImportListQuery,
} from '../../../schema/index.ts';
import { requirePermission } from '../access/api-key.ts';
import { importScope } from '../access/import-scope.ts';
import type { Permission } from '../access/permissions.ts';
import { applyBatch, createImport, exampleUnits, getImport, listImports, stopImport, validateRows } from '../data/roster-imports.ts';
import type { AppEnv } from '../env.ts';
import { idempotency } from '../middleware/idempotency.ts';
import { exampleRow, templateAttachment, templateCsv, templateXlsx, XLSX_TYPE } from '../sheets/roster-template.ts';
import {
  error, idempotencyKeyHeader, idempotentCreateErrors, json, jsonBody, keyedErrors, noStore, notFoundError, secretKeySecurity as security,
} from './common.ts';

const tags = ['Roster import'];
const who = 'The home admin (any town) and town staff (their town only); other roles 403.';
/** The permission, then the role: a role that does not import is refused before any work. */
const importers = (permission: Permission): MiddlewareHandler<AppEnv>[] => [
  requirePermission(permission),
  async (c, next) => { importScope(c.var.key); await next(); },
];
const refused = { 403: error('A role that does not import, a key without the permission, or a key that may not be used from this origin.') } as const;

const template = createRoute({
  method: 'get', path: '/roster/import-template', operationId: 'getRosterImportTemplate', tags, security, middleware: importers('members:read'),
  summary: 'The import template (.xlsx or CSV)',
  description: `${who} Chinese headers (姓名, 手机号, 户籍镇（街道）, 户籍村（社区）, 现居城市, 类别, 工作单位) and one example row `
    + 'naming a town and village of the caller\'s. CSV is UTF-8 with a BOM.',
  request: { query: ImportTemplateQuery },
  responses: {
    200: {
      description: 'The template (`Content-Disposition: attachment`).',
      content: { [XLSX_TYPE]: { schema: z.string().openapi({ format: 'binary' }) }, 'text/csv': { schema: z.string() } },
    },
    ...keyedErrors, ...refused,
  },
});

const validate = createRoute({
  method: 'post', path: '/roster/imports/validate', operationId: 'validateRosterImport', tags, security, middleware: [...importers('members:write'), noStore],
  summary: 'Check rows before importing them (writes nothing)',
  description: `${who} Up to ${IMPORT_VALIDATE_MAX_ROWS} rows per call (send a longer file in chunks, each with its \`firstRow\`): `
    + 'each row\'s errors, and whether its mobile is already on the roster (the mobile is the only match; names never are). '
    + 'A mobile twice in one call is an error of each such row. Audited (`member.import_validate`: the members found).',
  request: jsonBody(ImportValidate),
  responses: { 200: json(ImportValidation, 'The rows\' errors and which mobiles are on the roster.'), ...keyedErrors, ...refused },
});

const create = createRoute({
  method: 'post', path: '/roster/imports', operationId: 'createRosterImport', tags, security, middleware: [...importers('members:write'), idempotency()],
  summary: 'Start an import, exactly once',
  description: `${who} Then send its rows with \`POST /roster/imports/{id}/batches\`. Send the same \`Idempotency-Key\` with every retry. `
    + 'Audited (`roster_import.create`).',
  request: { headers: idempotencyKeyHeader('import'), ...jsonBody(RosterImportCreate) },
  responses: { 201: json(RosterImport, 'The import, running.'), ...keyedErrors, ...refused, ...idempotentCreateErrors },
});

const batch = createRoute({
  method: 'post', path: '/roster/imports/{id}/batches', operationId: 'createRosterImportBatch', tags, security, middleware: [...importers('members:write'), noStore],
  summary: 'Apply a batch of rows, once per offset',
  description: `${who} Up to ${IMPORT_BATCH_MAX_ROWS} rows, at \`offset\` among the import's rows. Valid rows are written (a new mobile `
    + 'is added; one on the roster is skipped, updated or filled as the import\'s mode says), rows with errors refused. A retry of an '
    + 'applied offset with the same rows writes nothing and answers the same (`batch.replayed`). Audited per batch (`member.import`).',
  request: { params: IdParam, ...jsonBody(RosterImportBatch) },
  responses: {
    200: json(RosterImportBatchResult, 'The import\'s counts so far, and this batch\'s.'),
    ...keyedErrors, ...refused, ...notFoundError,
    409: error('The import is stopped or completed (`details.status`), the offset was applied with other rows, or the rows overlap another batch.'),
  },
});

const stop = createRoute({
  method: 'post', path: '/roster/imports/{id}/stop', operationId: 'stopRosterImport', tags, security, middleware: [...importers('members:write'), noStore],
  summary: 'Stop an import', description: `${who} Later batches are 409; what was applied stays. Audited (\`roster_import.stop\`).`,
  request: { params: IdParam },
  responses: { 200: json(RosterImport, 'The import, stopped (or completed, if it had finished).'), ...keyedErrors, ...refused, ...notFoundError },
});

const get = createRoute({
  method: 'get', path: '/roster/imports/{id}', operationId: 'getRosterImport', tags, security, middleware: [...importers('members:read'), noStore],
  summary: 'An import\'s counts', description: `${who} Town staff see their town's imports; another is a 404.`,
  request: { params: IdParam },
  responses: { 200: json(RosterImport, 'The import.'), ...keyedErrors, ...refused, ...notFoundError },
});

const list = createRoute({
  method: 'get', path: '/roster/imports', operationId: 'listRosterImports', tags, security, middleware: [...importers('members:read'), noStore],
  summary: 'Recent imports, newest first', description: `${who} Town staff see their town's imports.`,
  request: { query: RosterImportListQuery },
  responses: { 200: json(RosterImportList, 'The imports.'), ...keyedErrors, ...refused },
});

export const rosterImportRoutes = new OpenAPIHono<AppEnv>()
  .openapi(template, async (c) => {
    const { format } = c.req.valid('query');
    const example = exampleRow(...await exampleUnits(c, importScope(c.var.key)));
    const bytes = format === 'csv' ? templateCsv(example) : await templateXlsx(example);
    return c.body(bytes, 200, {
      'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_TYPE,
      'Content-Disposition': templateAttachment(format),
    });
  })
  .openapi(validate, async (c) => c.json(await validateRows(c, importScope(c.var.key), c.req.valid('json')), 200))
  // The body is the stored text (a replay is byte for byte the first answer), not a typed c.json.
  .openapi(create, async (c) => createImport(c, importScope(c.var.key), c.req.valid('json')) as never)
  .openapi(batch, async (c) => c.json(await applyBatch(c, importScope(c.var.key), c.req.valid('param').id, c.req.valid('json')), 200))
  .openapi(stop, async (c) => c.json(await stopImport(c, importScope(c.var.key), c.req.valid('param').id), 200))
  .openapi(get, async (c) => c.json(await getImport(c, importScope(c.var.key), c.req.valid('param').id), 200))
  .openapi(list, async (c) => c.json({ data: await listImports(c, importScope(c.var.key), c.req.valid('query').limit) }, 200));
