// Authorization-matrix rows for roster imports: the home admin (any town) and town staff (their
// town) only; reads need `members:read` (a read-only admin sees imports), writes `members:write`.
// An import made by the home admin is outside a town staff's scope: 404, as for another tenant.
import type { ImportRow, RosterImport } from '../../../schema/index.ts';
import { freshMobile } from '../check-in-helpers.ts';
import { setupKey } from '../callers.ts';
import { call } from '../helpers.ts';
import { get, post, staffOnly, type Row } from './rows.ts';

const importRow = (): ImportRow => ({
  name: '矩阵测试', mobile: freshMobile(), town: '港上镇', village: '港上北村党支部', currentCity: '常州', category: '务工', employer: null,
});
const startBody = { tag: '矩阵', mode: 'update', total: 10 };

/** A new running import of the home admin's, for each caller to act on. */
async function homeAdminImport(): Promise<string> {
  const res = await call('/v1/roster/imports', {
    method: 'POST', headers: { Authorization: `Bearer ${await setupKey()}`, 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
    body: JSON.stringify(startBody),
  });
  if (res.status !== 201) throw new Error(`matrix import: ${res.status} ${await res.text()}`);
  return (await res.json<RosterImport>()).id;
}
let shared: Promise<string> | undefined;

const readers = staffOnly({ otherTenant: 200, homeAdmin: 200, townStaff: 200, readOnlyAdmin: 200 });
const onTheAdminsImport = (status: number) => staffOnly({ otherTenant: 404, homeAdmin: status, townStaff: 404 });

export const rosterImportRows: Record<string, Row> = {
  'GET /v1/roster/import-template': { request: get('/v1/roster/import-template?format=csv'), expect: readers },
  'POST /v1/roster/imports/validate': {
    request: post('/v1/roster/imports/validate', { rows: [importRow()] }),
    expect: staffOnly({ otherTenant: 200, homeAdmin: 200, townStaff: 200 }),
  },
  'POST /v1/roster/imports': {
    request: async () => ({
      path: '/v1/roster/imports',
      init: { method: 'POST', headers: { 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() }, body: JSON.stringify(startBody) },
    }),
    expect: staffOnly({ otherTenant: 201, homeAdmin: 201, townStaff: 201 }),
  },
  'GET /v1/roster/imports': { request: get('/v1/roster/imports'), expect: readers },
  'GET /v1/roster/imports/{id}': {
    request: async () => ({ path: `/v1/roster/imports/${await (shared ??= homeAdminImport())}` }),
    expect: staffOnly({ otherTenant: 404, homeAdmin: 200, townStaff: 404, readOnlyAdmin: 200 }),
  },
  'POST /v1/roster/imports/{id}/batches': {
    request: async () => post(`/v1/roster/imports/${await homeAdminImport()}/batches`, { offset: 0, rows: [importRow()] })(),
    expect: onTheAdminsImport(200),
  },
  'POST /v1/roster/imports/{id}/stop': {
    request: async () => post(`/v1/roster/imports/${await homeAdminImport()}/stop`, {})(),
    expect: onTheAdminsImport(200),
  },
};
