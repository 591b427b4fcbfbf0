// The build-time template minification (widgets/minify-templates.ts) changes nothing a browser renders.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { expect, it } from 'vitest';
import { bundleEmbed } from '../../widgets/build.ts';
import { minifyTemplates } from '../../widgets/minify-templates.ts';

/** Each css``, html`` and svg`` template of a module, with its cooked strings (what Lit reads). */
function templatesOf(source: string): { tag: string; strings: string[] }[] {
  const found: { tag: string; strings: string[] }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag) && ['css', 'html', 'svg'].includes(node.tag.text)) {
      const t = node.template;
      const strings = ts.isNoSubstitutionTemplateLiteral(t) ? [t.text] : [t.head.text, ...t.templateSpans.map((s) => s.literal.text)];
      found.push({ tag: node.tag.text, strings });
    }
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile('module.ts', source, ts.ScriptTarget.Latest, true));
  return found;
}

it('collapses whitespace across lines in html`` to one space, keeping bindings, and minifies css``', async () => {
  const source = [
    'const a = html`',
    '  <p class="x">',
    '    ${1} \\u00b7 <b>${2}</b>',
    '  </p>`;',
    'const b = css`',
    '  .x { color: red; }  /* a \\`quoted\\` comment */',
    '  .y::before { content: "\\\\2014"; }`;',
  ].join('\n');
  const out = await minifyTemplates(source, 'inline.ts');
  expect(out).toContain('const a = html` <p class="x"> ${1} \\u00b7 <b>${2}</b> </p>`;');
  expect(out).toContain('const b = css`.x{color:red}.y:before{content:"\\\\2014"}`;');
});

it('leaves the text of every widget template as it was, whitespace aside', async () => {
  const dir = 'widgets/src';
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts')).map((f) => join(dir, f));
  let htmlTemplates = 0;
  for (const file of files) {
    const source = readFileSync(file, 'utf8');
    if (!/\b(html|svg|css)`/.test(source)) continue;
    const [before, after] = [templatesOf(source), templatesOf(await minifyTemplates(source, file))];
    expect(after.map((t) => t.tag), file).toEqual(before.map((t) => t.tag));
    before.forEach((t, i) => {
      if (t.tag === 'css') return; // minified by esbuild's own CSS printer
      htmlTemplates++;
      expect(after[i]!.strings, file).toEqual(t.strings.map((s) => s.replace(/\s*\n\s*/g, ' ')));
      // No quoted attribute value spans lines, where one space would not be the same.
      for (const s of t.strings) expect(s, file).not.toMatch(/="[^"]*\n/);
    });
  }
  expect(htmlTemplates).toBeGreaterThan(20);
});

it('refuses what the embed\'s trimmed lit-html does not parse: partial attribute bindings, comments, raw-text elements', async () => {
  const wrap = (template: string) => `import { html } from 'lit';\nexport const t = (x: string) => html\`${template}\`;\n`;
  await expect(minifyTemplates(wrap('<p id="${x}-hint">${x}</p>'), 'a.ts')).rejects.toThrow(/whole attribute value/);
  await expect(minifyTemplates(wrap('<p class=a${x}>${x}</p>'), 'a.ts')).rejects.toThrow(/whole attribute value/);
  await expect(minifyTemplates(wrap('<!-- note --><p>${x}</p>'), 'a.ts')).rejects.toThrow(/<!--/);
  await expect(minifyTemplates(wrap('<textarea>${x}</textarea>'), 'a.ts')).rejects.toThrow(/<textarea/);
  await expect(minifyTemplates(wrap(`<p title="it's \${x}">\${x}</p>`), 'a.ts')).rejects.toThrow(/whole attribute value/);
  await expect(minifyTemplates(wrap('<div ${x}>${x}</div>'), 'a.ts')).rejects.toThrow(/attribute's value/);
  await expect(minifyTemplates(wrap('<p id="a"${x}>${x}</p>'), 'a.ts')).rejects.toThrow(/attribute's value/);
  await expect(minifyTemplates(wrap('<p id=${x} class="a b">${x}</p>'), 'a.ts')).resolves.toContain('<p id=${x} class="a b">');
  await expect(minifyTemplates(wrap('<p ?hidden=${x} .value="${x}" @click=${x}>a = ${x}</p>'), 'a.ts')).resolves.toContain('a = ${x}');
});

it('refuses a directive in the embed, which its trimmed lit-html would render as text', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'directive-'));
  const entry = join(dir, 'entry.ts');
  writeFileSync(entry, `import { html } from 'lit';\nimport { classMap } from 'lit/directives/class-map.js';\nexport const t = html\`<p class=\${classMap({ a: true })}></p>\`;\n`);
  await expect(bundleEmbed(entry)).rejects.toThrow(/no directives/);
}, 60_000);
