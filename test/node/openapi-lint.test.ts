// The OpenAPI document, as /v1/openapi.json serves it, linted by the two tools partners point at
// it: Redocly (redocly.yaml) and Spectral's OpenAPI ruleset (.spectral.yaml). Neither may report
// anything, warnings included: what a client generator relies on (operation ids, declared tags,
// descriptions, valid schemas and headers) is an error there. Rules turned off are listed, with
// why, in those files.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { app } from '../../worker/src/app.ts';
import { openApiDocument } from '../../worker/src/routes/openapi.ts';

const run = promisify(execFile);
const bin = (name: string) => join('node_modules', '.bin', name);
// Neither tool may call home (telemetry, update checks): tests run offline.
const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_UPDATE_NOTIFIER: '1' };

let dir: string;
let file: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ginkgo-openapi-'));
  file = join(dir, 'openapi.json');
  writeFileSync(file, JSON.stringify(openApiDocument(app)));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs a linter that exits non-zero on findings; its JSON report (stdout) either way, and what else it said. */
async function lint(command: string, args: string[]): Promise<{ report: string; log: string }> {
  try {
    const { stdout, stderr } = await run(bin(command), args, { env, maxBuffer: 32 * 1024 * 1024 });
    return { report: stdout, log: stderr };
  } catch (err) {
    const { stdout = '', stderr = '' } = err as { stdout?: string; stderr?: string };
    return { report: stdout, log: stderr };
  }
}

describe('the OpenAPI document passes the linters', () => {
  it('Redocly: no errors and no warnings', async () => {
    const out = await lint('redocly', ['lint', file, '--config', 'redocly.yaml', '--format', 'json']);
    const report = JSON.parse(out.report) as { totals: { errors: number; warnings: number }; problems: unknown[] };
    expect(report.problems, out.log).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  }, 60_000);

  it('Spectral (spectral:oas): no problems of any severity', async () => {
    const out = await lint('spectral', ['lint', file, '--ruleset', '.spectral.yaml', '--format', 'json', '--quiet']);
    const problems = JSON.parse(out.report || out.log) as { code: string; message: string; path: string[] }[];
    expect(problems.map((p) => `${p.code} at ${p.path.join('.')}: ${p.message}`)).toEqual([]);
  }, 60_000);
});
