// The console's heavy work, measured one request at a time (not under load): the 未报到 export of a
// node of about 5,200 members, and a roster import of 5,200 generated rows through the API as the
// console sends it (docs/roster-import.md: validate in chunks of 1,000, start, batches of 200,
// until done). Wall times are compared with the floors the same run measured; D1 work comes from
// Server-Timing (round trips and statements always, rows when D1_METER=rows).
import { EXPORT_NODE } from './scenarios.ts';
import * as p from './province.ts';

/** One request's figures: wall time and what Server-Timing says it cost D1. */
export type Timed = { ms: number; status: number; bytes: number; roundTrips: number; statements: number; serverTiming: string };
export type ExportFigures = { format: string; node: string; samples: Timed[]; medianMs: number; rowsInFile: number };
export type ImportFigures = {
  rows: number; wallMs: number; requests: number; added: number; skipped: number; refused: number; status: string;
  validate: Timed[]; start: Timed; batches: Timed[];
};
export type HeavyFigures = { exports: ExportFigures[]; import: ImportFigures };

const staff = { Authorization: `Bearer ${p.BENCH_SECRET_KEY}` };
const IMPORT_ROWS = 5_200;
const VALIDATE_CHUNK = 1_000;
const BATCH = 200;
/** 未报到 since 2027: every member of the node is listed (their last check-ins are in 2026), about 5,400 rows. */
const SINCE = Date.UTC(2027, 0, 1);

async function timed(url: string, init: RequestInit = {}): Promise<Timed & { body: ArrayBuffer }> {
  const started = performance.now();
  const res = await fetch(url, init);
  const body = await res.arrayBuffer();
  const ms = Math.round((performance.now() - started) * 10) / 10;
  const serverTiming = res.headers.get('Server-Timing') ?? '';
  const db = /round_trips=(\d+).*?statements=(\d+)/.exec(serverTiming);
  return { ms, status: res.status, bytes: body.byteLength, roundTrips: Number(db?.[1] ?? NaN), statements: Number(db?.[2] ?? NaN), serverTiming, body };
}
const figures = ({ body: _, ...t }: Timed & { body: ArrayBuffer }): Timed => t;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function measureExport(url: string, format: 'csv' | 'xlsx', samples: number): Promise<ExportFigures> {
  const out: Timed[] = [];
  let rowsInFile = 0;
  for (let i = 0; i < samples; i++) {
    const t = await timed(`${url}/v1/members/not-reported?format=${format}&since=${SINCE}&node=${EXPORT_NODE}`, { headers: staff });
    if (t.status !== 200) throw new Error(`export ${format}: ${t.status} ${new TextDecoder().decode(t.body).slice(0, 300)}`);
    // A CSV's rows: its lines less the header. An .xlsx is zipped: count the CSV's instead.
    if (format === 'csv') rowsInFile = new TextDecoder().decode(t.body).trimEnd().split('\r\n').length - 1;
    out.push(figures(t));
  }
  return { format, node: EXPORT_NODE, samples: out, medianMs: median(out.map((t) => t.ms)), rowsInFile };
}

/** 5,200 rows for new mobiles (19…, which no seeded member has; `nonce` keeps runs apart), spread over the towns and villages. */
function importRows(nonce: number) {
  return Array.from({ length: IMPORT_ROWS }, (_, i) => {
    const town = (i % p.TOWNS) + 1;
    const village = (Math.floor(i / p.TOWNS) % p.VILLAGES_PER_TOWN) + 1;
    return {
      name: `导入${i}`, mobile: `19${String(nonce % 1000).padStart(3, '0')}${String(i).padStart(6, '0')}`,
      town: `第${town}镇`, village: `第${town}镇${village}村`, currentCity: '常州', category: ['务工', '经商', '就业', '学习', '其他'][i % 5],
      ...(i % 3 === 0 ? { employer: '某建筑公司' } : {}),
    };
  });
}

async function measureImport(url: string, nonce: number): Promise<ImportFigures> {
  const rows = importRows(nonce);
  const json = { ...staff, 'Content-Type': 'application/json' };
  const began = performance.now();
  const validate: Timed[] = [];
  for (let offset = 0; offset < rows.length; offset += VALIDATE_CHUNK) {
    const t = await timed(`${url}/v1/roster/imports/validate`, {
      method: 'POST', headers: json, body: JSON.stringify({ firstRow: offset + 2, rows: rows.slice(offset, offset + VALIDATE_CHUNK) }),
    });
    if (t.status !== 200) throw new Error(`validate: ${t.status} ${new TextDecoder().decode(t.body).slice(0, 300)}`);
    validate.push(figures(t));
  }
  const started = await timed(`${url}/v1/roster/imports`, {
    method: 'POST', headers: { ...json, 'Idempotency-Key': `bench-import-${nonce}-${Date.now()}` },
    body: JSON.stringify({ tag: `bench ${nonce}`, mode: 'skip', total: rows.length }),
  });
  if (started.status !== 201) throw new Error(`start: ${started.status} ${new TextDecoder().decode(started.body).slice(0, 300)}`);
  const { id } = JSON.parse(new TextDecoder().decode(started.body)) as { id: string };
  const batches: Timed[] = [];
  let last: { added: number; skipped: number; refused: number; status: string } | undefined;
  for (let offset = 0; offset < rows.length; offset += BATCH) {
    const t = await timed(`${url}/v1/roster/imports/${id}/batches`, {
      method: 'POST', headers: json, body: JSON.stringify({ offset, firstRow: offset + 2, rows: rows.slice(offset, offset + BATCH) }),
    });
    if (t.status !== 200) throw new Error(`batch at ${offset}: ${t.status} ${new TextDecoder().decode(t.body).slice(0, 300)}`);
    last = JSON.parse(new TextDecoder().decode(t.body));
    batches.push(figures(t));
  }
  const wallMs = Math.round(performance.now() - began);
  return {
    rows: rows.length, wallMs, requests: validate.length + 1 + batches.length,
    added: last!.added, skipped: last!.skipped, refused: last!.refused, status: last!.status, validate, start: figures(started), batches,
  };
}

export async function measureHeavy(url: string, nonce: number, samples = 5): Promise<HeavyFigures> {
  const exports = [await measureExport(url, 'csv', samples), await measureExport(url, 'xlsx', samples)];
  return { exports, import: await measureImport(url, nonce) };
}
