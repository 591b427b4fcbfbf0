// No import cycles in the code that ships: the worker, the schema, the SDK and the widgets.
// Type-only imports count too: they vanish from the bundle, but a cycle of them still means two
// modules that each need the other to be read, and is how a value import later closes a real one.
// dependency-cruiser (pure JavaScript, no native build) parses TypeScript with the project's own
// compiler; `tsPreCompilationDeps` makes it read the source, so `import type` edges are kept.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cruise, type ICruiseOptions } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';

const options: ICruiseOptions = {
  tsPreCompilationDeps: true,
  doNotFollow: { path: 'node_modules' },
  exclude: { path: 'node_modules' },
  validate: true,
  ruleSet: { forbidden: [{ name: 'no-circular', severity: 'error', from: {}, to: { circular: true } }] },
};

/** The modules read, and each cycle once, as `a.ts > b.ts > a.ts`. */
async function cycles(paths: string[]): Promise<{ read: number; cycles: string[] }> {
  const result = await cruise(paths, options);
  if (typeof result.output === 'string') throw new Error('expected a cruise result, not a report');
  const found = new Set<string>();
  for (const v of result.output.summary.violations) {
    const ring = [v.from, ...(v.cycle ?? []).map((step) => step.name)];
    // One rotation per cycle: start from its smallest module.
    const names = ring.slice(0, -1);
    const start = names.indexOf([...names].sort()[0]!);
    const rotated = [...names.slice(start), ...names.slice(0, start)];
    found.add([...rotated, rotated[0]].join(' > '));
  }
  return { read: result.output.summary.totalCruised, cycles: [...found].sort() };
}

describe('import cycles', () => {
  it('none in worker/src, schema, sdk/src, widgets/src and console/src, type-only imports included', async () => {
    const found = await cycles(['worker/src', 'schema', 'sdk/src', 'widgets/src', 'console/src']);
    // It did read the code (a wrong path would find no cycle in nothing).
    expect(found.read).toBeGreaterThan(100);
    expect(found.cycles).toEqual([]);
  }, 60_000);

  it('finds a cycle made only of type imports', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ginkgo-cycle-'));
    try {
      writeFileSync(join(dir, 'a.ts'), "import type { B } from './b.ts';\nexport type A = { b?: B };\n");
      writeFileSync(join(dir, 'b.ts'), "import type { A } from './a.ts';\nexport type B = { a?: A };\n");
      const found = (await cycles([dir])).cycles;
      expect(found).toHaveLength(1);
      expect(found[0]).toMatch(/a\.ts > .*b\.ts > .*a\.ts$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
