// Build-time minification of the Lit templates in the widgets' source, for the one-script embed:
// esbuild minifies code but leaves template literal text as written (indentation, comments in CSS).
// - css`…` without interpolations: minified as CSS by esbuild itself (same rules, same output).
// - html`…` and svg`…`: a run of whitespace that spans a line break becomes one space. HTML renders
//   such a run as one space anyway (the widgets have no <pre>, no white-space: pre, no attribute
//   value that spans lines), so text, accessible names and layout are unchanged.
import { readFile } from 'node:fs/promises';
import { transform, type Plugin } from 'esbuild';
import ts from 'typescript';

/** The browsers whose CSS esbuild must not outrun: WeChat's Android kernels (Chrome 89+) and iOS 15 WebKit. */
const CSS_TARGET = ['chrome89', 'safari15'];

/**
 * esbuild keeps a custom property's value as written (`--_bg: var(--ginkgo-background, #fff)`).
 * The space before a custom property's value and after a var() fallback's comma is insignificant.
 */
const compactCustomProperties = (code: string) => code.replace(/(--[\w-]+):\s+/g, '$1:').replace(/(var\(--[\w-]+),\s+/g, '$1,');

const escapeTemplateText = (text: string) => text.replace(/\\|`|\$\{/g, (m) => `\\${m}`);

type Edit = { start: number; end: number; text: string };

/** The source with its css`` and html``/svg`` template texts minified; everything else as written. */
export async function minifyTemplates(source: string, fileName: string): Promise<string> {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const edits: Promise<Edit>[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag)) {
      const tag = node.tag.text;
      const template = node.template;
      if (tag === 'css') {
        if (!ts.isNoSubstitutionTemplateLiteral(template)) throw new Error(`${fileName}: css\`\` with interpolations is not minified; add support first`);
        const start = template.getStart(file) + 1;
        edits.push(transform(template.text, { loader: 'css', minify: true, target: CSS_TARGET })
          .then(({ code }) => ({ start, end: template.end - 1, text: escapeTemplateText(compactCustomProperties(code.trim())) })));
      } else if (tag === 'html' || tag === 'svg') {
        const parts = ts.isNoSubstitutionTemplateLiteral(template)
          ? [template] : [template.head, ...template.templateSpans.map((span) => span.literal)];
        // What the embed's trimmed lit-html parses (trim-lit-html.ts): no comments, no raw-text
        // elements, and a binding in a tag is a whole attribute value.
        const texts = parts.map((part) => part.getText(file).replace(/^[`}]|(\$\{|`)$/g, '')).join('\0');
        const unparsed = /<!--|<(script|style|textarea|title)\b/i.exec(texts);
        if (unparsed) throw new Error(`${fileName}: no ${unparsed[0]} in html templates (the embed's lit-html does not parse them)`);
        const partial = [...texts.matchAll(/=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'<>]+))/g)]
          .map((m) => m[1] ?? m[2] ?? m[3]!).find((value) => value.includes('\0') && value !== '\0');
        if (partial !== undefined) throw new Error(`${fileName}: bind a whole attribute value (attr=\${\`…\`}), not part of it: ${partial.replace(/\0/g, '${…}')}`);
        // A binding in a tag that is no attribute's value: an element or attribute-name binding.
        const inTag = /<[a-zA-Z][^<>]*?(?<!=\s*["']?)\0/.exec(texts);
        if (inTag) throw new Error(`${fileName}: a binding in a tag must be an attribute's value: ${inTag[0].replace(/\0/g, '${…}')}`);
        for (const part of parts) {
          const text = part.getText(file); // with its delimiters: ` or } before, ` or ${ after
          const start = part.getStart(file) + 1;
          const end = part.getStart(file) + text.length - (text.endsWith('${') ? 2 : 1);
          edits.push(Promise.resolve({ start, end, text: source.slice(start, end).replace(/\s*\n\s*/g, ' ') }));
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  let out = source;
  for (const edit of (await Promise.all(edits)).sort((a, b) => b.start - a.start)) {
    out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  }
  return out;
}

/** esbuild plugin: the widgets' own TypeScript files go through minifyTemplates. */
export const minifyTemplatesPlugin: Plugin = {
  name: 'minify-lit-templates',
  setup(build) {
    build.onLoad({ filter: /[\\/]widgets[\\/]src[\\/].*\.ts$/ }, async ({ path }) => ({
      contents: await minifyTemplates(await readFile(path, 'utf8'), path), loader: 'ts',
    }));
  },
};
