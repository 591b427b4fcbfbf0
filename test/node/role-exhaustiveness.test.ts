// A role added to the schema's role list must fail the type check wherever roles decide access,
// instead of silently seeing nothing (or being refused everything) there. Each decision is a
// `switch` naming every role with a `never` check in its `default:` (or a `Record<Role, …>`).
// This test type-checks the worker with one more role in the list, as the compiler would see it
// after such an edit, and expects an error in each of those places; and none without the edit.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/** Where roles decide what a key sees or may do. */
const DECIDERS = [
  'worker/src/access/member-scope.ts',
  'worker/src/access/check-in-scope.ts',
  'worker/src/access/service-request-scope.ts',
  'worker/src/access/station-scope.ts',
  'worker/src/access/import-scope.ts',
  'worker/src/access/lost-contact-scope.ts',
  'worker/src/access/permissions.ts',
  'worker/src/data/keys.ts',
].map((p) => resolve(p));

const ROLES = /export const roles = \[/;
/** The schema file that lists the roles, wherever the schema keeps it. */
function rolesFile(): string {
  const found = readdirSync('schema', { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => resolve(join('schema', name)))
    .filter((path) => ROLES.test(readFileSync(path, 'utf8')));
  expect(found, 'one schema file lists the roles').toHaveLength(1);
  return found[0]!;
}

/** The last program built: the next one reuses its unchanged files. */
let previous: ts.Program | undefined;

/** Errors in the deciders, as `file: message`, with `edit` applied to the roles file's text. */
function errors(edit: (text: string) => string): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(resolve('tsconfig.json'), {}, {
    ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); },
  })!;
  const target = rolesFile();
  const host = ts.createCompilerHost(config.options);
  const read = host.readFile.bind(host);
  host.readFile = (path) => {
    const text = read(path);
    return text !== undefined && resolve(path) === target ? edit(text) : text;
  };
  const program = ts.createProgram({ rootNames: DECIDERS, options: config.options, host, oldProgram: previous });
  previous = program;
  return DECIDERS.flatMap((path) => program.getSemanticDiagnostics(program.getSourceFile(path)))
    .map((d) => `${d.file!.fileName.replace(`${process.cwd()}/`, '')}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
}

describe('roles in access decisions', () => {
  it('type-check cleanly as they are', () => {
    expect(errors((text) => text)).toEqual([]);
  }, 120_000);

  it('fail the type check in every decider when a role is added', () => {
    const found = errors((text) => text.replace(ROLES, "export const roles = [ 'auditor',"));
    for (const path of DECIDERS) {
      const file = path.replace(`${process.cwd()}/`, '');
      expect(found.filter((e) => e.startsWith(`${file}:`) && e.includes('auditor')), file).not.toEqual([]);
    }
    // Each switch names the new role in its `never` check (permissions.ts: the Record's missing key).
    expect(found.filter((e) => /"auditor"' is not assignable to type 'never'/.test(e)).length).toBeGreaterThanOrEqual(7);
  }, 120_000);
});
