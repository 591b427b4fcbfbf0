// The npm packages' types: one .d.ts each (sdk/dist/index.d.ts, widgets/dist/index.d.ts) that
// imports nothing of ours. The sources import their data types from schema/, where most are
// inferred from zod schemas (`z.infer<typeof X>`): shipped as they are, they would need schema/
// and zod. So TypeScript's checker first writes each schema type a package imports as the plain
// type it stands for (`{ id: string; … }`) into a stand-in for its schema module, next to a copy
// of the sources; dts-bundle-generator then rolls those declarations up into one file per package,
// both from one program. The widgets' file imports from `lit`, their peer dependency. Run as
// `tsx scripts/bundle-types.ts` in a process of its own (scripts/build.ts): the checker takes seconds.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateDtsBundle } from 'dts-bundle-generator';
import ts from 'typescript';

/**
 * Each package's entry and its .d.ts, and whether it declares globals (the widgets' tag and event
 * maps): dts-bundle-generator would put every global of the program into each file that asks.
 */
const bundles = [
  { entry: 'sdk/src/index.ts', outFile: 'sdk/dist/index.d.ts', globals: false },
  { entry: 'widgets/src/index.ts', outFile: 'widgets/dist/index.d.ts', globals: true },
];
const SOURCES = ['sdk/src', 'widgets/src'];

const compilerOptions = {
  target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2023', 'DOM', 'DOM.Iterable'], types: [], strict: true,
  allowImportingTsExtensions: true, verbatimModuleSyntax: true, useDefineForClassFields: false, skipLibCheck: true, noEmit: true,
};

/** Everything a type is written with, expanded: no alias of schema/ or zod left, nothing cut short. */
const nodeFlags = ts.NodeBuilderFlags.NoTruncation | ts.NodeBuilderFlags.InTypeAlias | ts.NodeBuilderFlags.IgnoreErrors
  | ts.NodeBuilderFlags.UseStructuralFallback | ts.NodeBuilderFlags.MultilineObjectLiterals;

const sourceFiles = (dir: string): string[] => readdirSync(dir, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.ts')).map((f) => resolve(dir, f));

/** Each schema module (by path in the repository) the sources import, with plain declarations of what they import. */
function schemaStandIns(sources: readonly string[]): Map<string, string> {
  const files = sources.flatMap(sourceFiles);
  const { options } = ts.convertCompilerOptionsFromJson(compilerOptions, '.');
  const program = ts.createProgram(files, options);
  const checker = program.getTypeChecker();
  const printer = ts.createPrinter({ removeComments: true });
  const modules = new Map<string, Map<string, string>>();
  for (const file of files) {
    const source = program.getSourceFile(file)!;
    for (const statement of source.statements) {
      if (!ts.isImportDeclaration(statement) && !ts.isExportDeclaration(statement)) continue;
      const specifier = statement.moduleSpecifier;
      if (!specifier || !ts.isStringLiteral(specifier) || !specifier.text.startsWith('.')) continue;
      const module = relative(process.cwd(), resolve(dirname(file), specifier.text));
      if (!module.startsWith('schema/')) continue;
      const named = ts.isImportDeclaration(statement) ? statement.importClause?.namedBindings : statement.exportClause;
      if (!named || !(ts.isNamedImports(named) || ts.isNamedExports(named))) throw new Error(`${file}: import from schema/ by name`);
      const declarations = modules.get(module) ?? new Map<string, string>();
      modules.set(module, declarations);
      for (const element of named.elements) {
        const name = (element.propertyName ?? element.name).text;
        if (declarations.has(name)) continue;
        const symbol = checker.getAliasedSymbol(checker.getSymbolAtLocation(element.name)!);
        const print = (type: ts.Type) => printer.printNode(ts.EmitHint.Unspecified, checker.typeToTypeNode(type, undefined, nodeFlags)!, source);
        const alias = symbol.declarations?.find(ts.isTypeAliasDeclaration);
        const parameters = alias?.typeParameters ? `<${alias.typeParameters.map((p) => p.getText()).join(', ')}>` : '';
        // A value the code uses (a pattern, a function) is declared by its type: the bundled code has it.
        const text = symbol.flags & ts.SymbolFlags.Type
          ? `export type ${name}${parameters} = ${print(checker.getDeclaredTypeOfSymbol(symbol))};`
          : `export declare const ${name}: ${print(checker.getTypeOfSymbol(symbol))};`;
        if (/\bimport\(|\bz\.|\$brand|Zod/.test(text)) throw new Error(`bundle-types: ${name} is not a plain type:\n${text}`);
        declarations.set(name, text);
      }
    }
  }
  return new Map([...modules].map(([module, declarations]) => [module, [...declarations.values()].join('\n\n') + '\n']));
}

/** Writes each package's .d.ts; answers their sizes in bytes by file. */
export function bundleTypes(): Record<string, number> {
  // Under the repository (.tmp/ is ignored by git), so that `lit` resolves from its node_modules.
  mkdirSync('.tmp', { recursive: true });
  const work = mkdtempSync(resolve('.tmp', 'types-'));
  try {
    // The same layout as the repository's, so that the sources' imports of schema/ reach the stand-ins.
    for (const dir of SOURCES) cpSync(dir, join(work, dir), { recursive: true });
    for (const [module, text] of schemaStandIns(SOURCES)) {
      mkdirSync(dirname(join(work, module)), { recursive: true });
      writeFileSync(join(work, module), text);
    }
    writeFileSync(join(work, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: [...SOURCES, 'schema'] }));
    const texts = generateDtsBundle(bundles.map(({ entry, globals }) => ({ filePath: join(work, entry), output: { noBanner: true, inlineDeclareGlobals: globals } })),
      { preferredConfigPath: join(work, 'tsconfig.json') });
    const sizes: Record<string, number> = {};
    bundles.forEach(({ outFile }, i) => {
      // Inferred types name lit-html, where lit's templates come from; lit re-exports all of it.
      const text = texts[i]!.replaceAll('import("lit-html")', 'import("lit")').replaceAll("from 'lit-html';", "from 'lit';");
      const imports = [...text.matchAll(/^import .* from '([^']+)';$|\bimport\(['"]([^'"]+)/gm)].map((m) => m[1] ?? m[2]);
      if (imports.some((from) => from !== 'lit')) throw new Error(`bundle-types: ${outFile} imports ${imports.join(', ')}`);
      mkdirSync(dirname(outFile), { recursive: true });
      writeFileSync(outFile, text);
      sizes[outFile] = Buffer.byteLength(text);
    });
    return sizes;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(bundleTypes()));
}
