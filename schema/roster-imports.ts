// Roster imports: the browser parses the organisation's own file (.xlsx or CSV), maps its columns
// to these fields and sends the rows; the server validates them and writes them in batches.
import { z } from '@hono/zod-openapi';
import { rosterImportModes, rosterImportStatuses } from './roster-import-tables.ts';
import { memberCategories } from './tables.ts';

/** The check-in form's words for the categories (zh-CN): an import's 类别 column may use them. */
export const memberCategoryLabelsZh: Record<(typeof memberCategories)[number], string> = {
  worker: '务工', business_owner: '经商', employee: '就业', student: '学习', other: '其他',
};

/** Rows per validate call and per batch. */
export const IMPORT_VALIDATE_MAX_ROWS = 1000;
export const IMPORT_BATCH_MAX_ROWS = 200;
/** The most rows one import may announce. */
export const IMPORT_MAX_TOTAL = 200_000;

// Any text up to 200 characters is taken, so that a bad cell is an error of its row, not of the whole call.
const cell = (description: string) => z.string().max(200).nullable().openapi({ description });
const optionalCell = (description: string) => z.string().max(200).nullish().openapi({ description });

export const ImportRow = z.object({
  name: cell('姓名: 1–40 characters. Never used to match anyone: the mobile is the identity.'),
  mobile: cell('手机号: a mainland mobile; spaces, dashes and a +86 prefix are dropped.'),
  town: cell('户籍镇（街道）: a town of the tenant, by id or Chinese name.'),
  village: optionalCell('户籍村（社区）: a village of that town, by id or Chinese name; empty: the member\'s home unit is the town. '
    + 'Left out (no such column): a new member\'s home unit is the town, a member already in that town keeps their village.'),
  currentCity: optionalCell('现居城市: up to 60 characters. Left out: not changed; empty: cleared (mode `update`).'),
  category: cell(`类别: ${memberCategories.map((c) => `\`${c}\``).join(', ')}, or ${Object.values(memberCategoryLabelsZh).join(' ')}.`),
  employer: optionalCell('工作单位: up to 80 characters. Left out: not changed; empty: cleared (mode `update`).'),
}).openapi('ImportRow', { example: { name: '张三', mobile: '138 0000 0000', town: '港上镇', village: '港上北村', currentCity: '常州', category: '务工', employer: '常州某某建筑公司' } });

export const importFields = ['name', 'mobile', 'town', 'village', 'currentCity', 'category', 'employer'] as const;
export const importErrorCodes = ['required', 'invalid', 'too_long', 'unknown', 'duplicate', 'out_of_scope'] as const;

export const ImportRowError = z.object({
  row: z.number().int().openapi({ description: 'The row\'s number as the caller counts them: `firstRow` for the first row sent.' }),
  field: z.enum(importFields),
  code: z.enum(importErrorCodes).openapi({
    description: '`required` empty; `invalid` not a mobile, category…; `too_long`; `unknown` no such town or village; '
      + '`duplicate` the same mobile in another row of the call; `out_of_scope` not the caller\'s town, or a member on the roster elsewhere.',
  }),
  message: z.string(),
}).openapi('ImportRowError');

const firstRow = z.number().int().min(0).max(10_000_000);

export const ImportValidate = z.object({
  firstRow: firstRow.default(1).openapi({ description: 'The number errors give the first row (e.g. 2 under a header line); default 1.' }),
  rows: z.array(ImportRow).min(1).max(IMPORT_VALIDATE_MAX_ROWS),
}).openapi('ImportValidate');

export const ImportValidation = z.object({
  errors: z.array(ImportRowError),
  existing: z.array(z.boolean()).openapi({ description: 'Per row sent, in order: whether its mobile is already on the roster.' }),
  valid: z.number().int().openapi({ description: 'Rows without errors.' }),
  invalid: z.number().int(),
}).openapi('ImportValidation');

export const RosterImportCreate = z.object({
  tag: z.string().trim().min(1).max(40).openapi({ example: '2026年花名册', description: 'A label, recorded on every member row the import writes.' }),
  mode: z.enum(rosterImportModes).openapi({
    description: 'For a mobile already on the roster: `skip` leaves the member as they are; `update` overwrites name, home unit, '
      + 'current city, category and employer; `fill` sets only current city and employer where they are empty now.',
  }),
  total: z.number().int().min(1).max(IMPORT_MAX_TOTAL).openapi({ description: 'Rows in the file: the import completes when its batches have covered them.' }),
}).openapi('RosterImportCreate');

export const RosterImport = z.object({
  id: z.string().openapi({ example: 'ri_0123456789abcdef0123' }),
  tag: z.string(),
  mode: z.enum(rosterImportModes),
  total: z.number().int(),
  applied: z.number().int().openapi({ description: 'Rows of the batches applied so far.' }),
  added: z.number().int().openapi({ description: 'New members written.' }),
  updated: z.number().int().openapi({ description: 'Members already on the roster whose row changed.' }),
  skipped: z.number().int().openapi({ description: 'Valid rows of members already on the roster left as they were.' }),
  refused: z.number().int().openapi({ description: 'Rows with errors, not written.' }),
  status: z.enum(rosterImportStatuses),
  townId: z.string().nullable().openapi({ description: 'The town a town staff import is limited to; null: the whole tenant.' }),
  createdAt: z.number().int().openapi({ description: 'Unix ms.' }),
  updatedAt: z.number().int().openapi({ description: 'Unix ms.' }),
}).openapi('RosterImport');

export const RosterImportBatch = z.object({
  offset: z.number().int().min(0).max(IMPORT_MAX_TOTAL).openapi({ description: 'Index of the first row among the import\'s rows (0, 200, 400…): the batch\'s key.' }),
  firstRow: firstRow.optional().openapi({ description: 'The number errors give the first row; default `offset + 1`.' }),
  rows: z.array(ImportRow).min(1).max(IMPORT_BATCH_MAX_ROWS),
}).openapi('RosterImportBatch');

export const RosterImportBatchResult = RosterImport.extend({
  batch: z.object({
    offset: z.number().int(),
    rows: z.number().int(),
    added: z.number().int(),
    updated: z.number().int(),
    skipped: z.number().int(),
    refused: z.number().int(),
    replayed: z.boolean().openapi({ description: 'This offset was applied before: nothing was written now.' }),
  }),
  errors: z.array(ImportRowError).openapi({ description: 'The refused rows\' errors.' }),
}).openapi('RosterImportBatchResult', { description: 'The import\'s counts so far, this batch\'s, and its rows\' errors.' });

export const RosterImportList = z.object({ data: z.array(RosterImport) }).openapi('RosterImportList');

export const RosterImportListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20)
    .openapi({ param: { name: 'limit', in: 'query' }, description: 'How many, newest first (1–100, default 20).' }),
});

export const importTemplateFormats = ['xlsx', 'csv'] as const;
export const ImportTemplateQuery = z.object({
  format: z.enum(importTemplateFormats).default('xlsx').openapi({ param: { name: 'format', in: 'query' } }),
});

export type ImportRow = z.infer<typeof ImportRow>;
export type ImportRowError = z.infer<typeof ImportRowError>;
export type ImportValidate = z.input<typeof ImportValidate>;
export type ImportValidation = z.infer<typeof ImportValidation>;
export type RosterImportCreate = z.infer<typeof RosterImportCreate>;
export type RosterImport = z.infer<typeof RosterImport>;
export type RosterImportBatch = z.input<typeof RosterImportBatch>;
export type RosterImportBatchResult = z.infer<typeof RosterImportBatchResult>;
export type RosterImportList = z.infer<typeof RosterImportList>;
