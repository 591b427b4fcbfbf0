// The SDK's types for npm: one sdk/dist/index.d.ts with nothing imported. The SDK's sources import
// their data types from schema/, where most are inferred from zod schemas (`z.infer<typeof X>`):
// shipped as they are, they would need schema/ and zod. So the TypeScript checker first writes
// each schema type the SDK imports as the plain type it stands for (`{ id: string; … }`) into a
// stand-in for its schema module, next to a copy of the SDK's sources; dts-bundle-generator then
// rolls those declarations up into one file. sdk/build.ts runs this file in a process of its own,
// beside the rest of the build: the checker takes seconds.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateDtsBundle } from 'dts-bundle-generator';
import ts from 'typescript';

export const SDK_TYPES_OUTFILE = 'sdk/dist/index.d.ts';
const SDK_SOURCES = 'sdk/src';

const compilerOptions: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'], types: [], strict: true, noUncheckedIndexedAccess: true,
  allowImportingTsExtensions: true, verbatimModuleSyntax: true, skipLibCheck: true, noEmit: true,
};

/** Everything a type is written with, expanded: no alias of schema/ or zod left, nothing cut short. */
const nodeFlags = ts.NodeBuilderFlags.NoTruncation | ts.NodeBuilderFlags.InTypeAlias | ts.NodeBuilderFlags.IgnoreErrors
  | ts.NodeBuilderFlags.UseStructuralFallback | ts.NodeBuilderFlags.MultilineObjectLiterals;

/** Each schema module the SDK imports from, with the names it imports and its plain declarations of them. */
function schemaStandIns(): Map<string, string> {
  const files = readdirSync(SDK_SOURCES).filter((f) => f.endsWith('.ts')).map((f) => resolve(SDK_SOURCES, f));
  const program = ts.createProgram(files, compilerOptions);
  const checker = program.getTypeChecker();
  const printer = ts.createPrinter({ removeComments: true });
  const modules = new Map<string, Map<string, string>>();
  for (const file of files) {
    const source = program.getSourceFile(file)!;
    for (const statement of source.statements) {
      if (!ts.isImportDeclaration(statement) && !ts.isExportDeclaration(statement)) continue;
      const specifier = statement.moduleSpecifier;
      if (!specifier || !ts.isStringLiteral(specifier) || !specifier.text.startsWith('../../schema/')) continue;
      const named = ts.isImportDeclaration(statement) ? statement.importClause?.namedBindings : statement.exportClause;
      if (!named || !(ts.isNamedImports(named) || ts.isNamedExports(named))) throw new Error(`${file}: import schema types by name`);
      const declarations = modules.get(basename(specifier.text)) ?? new Map<string, string>();
      modules.set(basename(specifier.text), declarations);
      for (const element of named.elements) {
        const name = (element.propertyName ?? element.name).text;
        if (declarations.has(name)) continue;
        const symbol = checker.getAliasedSymbol(checker.getSymbolAtLocation(element.name)!);
        const print = (type: ts.Type) => printer.printNode(ts.EmitHint.Unspecified,
          checker.typeToTypeNode(type, undefined, nodeFlags)!, source);
        // A value the SDK runs (codeForStatus) is declared by its type; the bundled code has it.
        const alias = symbol.declarations?.find(ts.isTypeAliasDeclaration);
        const parameters = alias?.typeParameters ? `<${alias.typeParameters.map((p) => p.getText()).join(', ')}>` : '';
        const text = symbol.flags & ts.SymbolFlags.Type
          ? `export type ${name}${parameters} = ${print(checker.getDeclaredTypeOfSymbol(symbol))};`
          : `export declare const ${name}: ${print(checker.getTypeOfSymbol(symbol))};`;
        if (/\bimport\(|\bz\.|\$brand|Zod/.test(text)) throw new Error(`build-types: ${name} is not a plain type:\n${text}`);
        declarations.set(name, text);
      }
    }
  }
  return new Map([...modules].map(([module, declarations]) => [module, [...declarations.values()].join('\n\n') + '\n']));
}

export function buildSdkTypes(): { bytes: number } {
  const work = mkdtempSync(join(tmpdir(), 'ginkgo-sdk-types-'));
  try {
    // The same layout as the repository's, so that the SDK's `../../schema/x.ts` imports reach the stand-ins.
    cpSync(SDK_SOURCES, join(work, 'sdk/src'), { recursive: true });
    mkdirSync(join(work, 'schema'));
    for (const [module, text] of schemaStandIns()) writeFileSync(join(work, 'schema', module), text);
    writeFileSync(join(work, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2023', 'DOM'], types: [], strict: true,
        allowImportingTsExtensions: true, verbatimModuleSyntax: true, noEmit: true,
      },
      include: ['sdk/src', 'schema'],
    }));
    const [text] = generateDtsBundle([{ filePath: join(work, 'sdk/src/index.ts'), output: { noBanner: true } }],
      { preferredConfigPath: join(work, 'tsconfig.json') });
    if (/^\s*import\b|\bimport\(/m.test(text!)) throw new Error('build-types: the bundled .d.ts imports something');
    mkdirSync('sdk/dist', { recursive: true });
    writeFileSync(SDK_TYPES_OUTFILE, text!);
    return { bytes: Buffer.byteLength(text!) };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(JSON.stringify(buildSdkTypes()));
