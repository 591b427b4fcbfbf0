// A village's printed letters: one HTML document, one A4 page per member (print CSS page breaks),
// each the campaign's letter addressed to the member, with their QR code (the signed link to their
// letter) and their personal code for typing at the fixed address. Like the posters: inline
// styles only, no script (the response's CSP forbids scripts).
import { escapeMarkup as e } from '../posters/escape.ts';

export type PrintedLetter = { memberName: string; code: string; url: string; qrSvg: string };
export type PrintRun = {
  tenantZh: string; titleZh: string; bodyZh: string; signatory: string; dated: string;
  unitZh: string; typedAddress: string; letters: PrintedLetter[];
};

const styles = `
@page { size: A4 portrait; margin: 0; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; background: #e8e8e8; color: #1f2328;
  font-family: "Songti SC", "SimSun", "Noto Serif CJK SC", "Noto Serif SC", serif; }
.sheet { width: 210mm; height: 297mm; margin: 8mm auto; padding: 18mm 20mm 14mm; background: #fff; overflow: hidden;
  display: flex; flex-direction: column; break-after: page; page-break-after: always; border-top: 5mm solid #b3261e; }
.sheet:last-of-type { break-after: auto; page-break-after: auto; }
.org { margin: 0; font-size: 11pt; color: #57606a; text-align: center; }
h1 { margin: 4mm 0 8mm; font-size: 22pt; text-align: center; letter-spacing: .08em; }
.to { margin: 0 0 3mm; font-size: 13pt; font-weight: 700; }
.body p { margin: 0 0 3mm; font-size: 12pt; line-height: 1.75; text-indent: 2em; overflow-wrap: anywhere; }
.sign { margin: 6mm 0 0; text-align: right; font-size: 12pt; line-height: 1.7; }
.reply { margin: auto 0 0; display: flex; align-items: center; gap: 8mm; padding: 6mm; border: 0.4mm dashed #8c959f;
  font-family: system-ui, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; }
.reply svg { flex: none; display: block; width: 42mm; height: 42mm; }
.reply h2 { margin: 0 0 2mm; font-size: 14pt; }
.reply p { margin: 0 0 1.5mm; font-size: 10.5pt; line-height: 1.5; }
.code { font: 700 16pt/1.2 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; letter-spacing: .08em; }
.unit { margin: 2mm 0 0; font-size: 8.5pt; color: #57606a; text-align: right; }
.print-note { margin: 0 auto 8mm; font: 10pt system-ui, sans-serif; color: #57606a; text-align: center; }
@media print { body { background: #fff; } .sheet { margin: 0; } .print-note { display: none; } }
`;

const paragraphs = (text: string) => text.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean)
  .map((p) => `<p>${e(p).replace(/\n/g, '<br>')}</p>`).join('\n');

function sheet(run: PrintRun, l: PrintedLetter, body: string): string {
  return `<section class="sheet" aria-label="${e(l.memberName)}">
<p class="org">${e(run.tenantZh)}</p>
<h1>${e(run.titleZh)}</h1>
<p class="to">${e(l.memberName)} 同志：</p>
<div class="body">${body}</div>
<p class="sign">${e(run.signatory)}<br>${e(run.dated)}</p>
<div class="reply">${l.qrSvg}
<div><h2>扫码阅读并报到</h2>
<p>或在手机浏览器打开 <strong>${e(run.typedAddress)}</strong>，输入您的个人码：</p>
<p class="code">${e(l.code)}</p>
<p>此码仅供您本人使用，请勿转给他人。</p></div></div>
<p class="unit">${e(run.unitZh)}</p>
</section>`;
}

export function renderPrintRun(run: PrintRun): string {
  const body = paragraphs(run.bodyZh);
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${e(run.titleZh)} · ${e(run.unitZh)}（${run.letters.length} 封）</title>
<style>${styles}</style>
</head>
<body>
<p class="print-note">${run.letters.length} 封，每人一页。打印：A4 纵向，边距“无” · <span lang="en">${run.letters.length} letters, one page each. Print on A4, portrait, no margins</span></p>
${run.letters.map((l) => sheet(run, l, body)).join('\n')}
</body>
</html>
`;
}
