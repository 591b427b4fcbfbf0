// The printable poster: one A4 portrait page (print CSS) with the QR code as inline SVG. HTML
// rather than a bare SVG because names and addresses of any length must wrap, which SVG text
// cannot do; the page prints to exactly one sheet from any browser and is shared as a link.
import type { LocalizedText } from '../../../schema/index.ts';
import { escapeMarkup as e } from './escape.ts';
import type { QrSvg } from './qr-svg.ts';

export type PosterContent = {
  kind: 'branch' | 'station';
  tenant: LocalizedText;
  name: LocalizedText;
  address: LocalizedText;
  phone: string | null;
  url: string;
  qr: QrSvg;
};

const kindLabel = {
  branch: { zh: '流动党员党支部', en: 'Mobile members’ branch' },
  station: { zh: '流动党员服务驿站', en: 'Service station for mobile members' },
} as const;

const hint = {
  branch: { zh: '在外流动党员请扫码，向本党支部报到（亮身份）。', en: 'Members away from home: scan to check in with this branch.' },
  station: { zh: '在外流动党员请扫码，选择就近的党支部报到（亮身份）。', en: 'Members away from home: scan, choose a branch nearby and check in.' },
} as const;

/** Inline styles only, no script at all: the response's CSP forbids scripts outright. */
const styles = `
@page { size: A4 portrait; margin: 0; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; background: #e8e8e8; color: #1f2328;
  font-family: system-ui, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", sans-serif; }
.sheet { width: 210mm; height: 297mm; margin: 8mm auto; padding: 14mm 18mm 12mm; background: #fff; overflow: hidden;
  display: flex; flex-direction: column; align-items: center; text-align: center; border-top: 7mm solid #b3261e; }
.org { margin: 0; font-size: 14pt; font-weight: 600; }
.org-en { margin: 1mm 0 0; font-size: 9pt; color: #57606a; }
.kind { margin: 9mm 0 2mm; font-size: 12pt; letter-spacing: .12em; color: #b3261e; }
.kind span { letter-spacing: normal; }
h1 { margin: 0; font-size: 30pt; line-height: 1.25; overflow-wrap: anywhere; }
h1 .en { display: block; margin-top: 2mm; font-size: 14pt; font-weight: 500; line-height: 1.3; color: #57606a; }
.address { margin: 4mm 0 0; font-size: 11.5pt; line-height: 1.45; overflow-wrap: anywhere; }
.address .en, .phone .en { font-size: 9.5pt; color: #57606a; }
.phone { margin: 1.5mm 0 0; font-size: 11.5pt; }
.qr { margin: auto 0 0; }
.qr svg { display: block; width: 120mm; height: 120mm; margin: 0 auto; }
.cta { margin: 3mm 0 0; font-size: 26pt; font-weight: 700; }
.cta .en { font-size: 16pt; font-weight: 600; }
.cta .dot { font-weight: 400; color: #57606a; }
.link { margin: 2mm 0 0; max-width: 174mm; font: 9pt/1.35 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace;
  color: #57606a; word-break: break-all; }
.hint { margin: auto 0 0; font-size: 11pt; line-height: 1.5; }
.hint .en { display: block; font-size: 9.5pt; color: #57606a; }
.print-note { margin: 0 auto 8mm; font-size: 10pt; color: #57606a; text-align: center; }
@media print { body { background: #fff; } .sheet { margin: 0; } .print-note { display: none; } }
`;

export function renderPoster(p: PosterContent): string {
  const kind = kindLabel[p.kind];
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${e(p.name.zh)} · 扫码报到</title>
<style>${styles}</style>
</head>
<body>
<main class="sheet">
<p class="org">${e(p.tenant.zh)}</p>
<p class="org-en" lang="en">${e(p.tenant.en)}</p>
<p class="kind">${e(kind.zh)} · <span lang="en">${e(kind.en)}</span></p>
<h1>${e(p.name.zh)}<span class="en" lang="en">${e(p.name.en)}</span></h1>
<p class="address">${e(p.address.zh)}<br><span class="en" lang="en">${e(p.address.en)}</span></p>
${p.phone ? `<p class="phone">电话 <span class="en" lang="en">Tel</span> ${e(p.phone)}</p>` : ''}
<figure class="qr">${p.qr.svg}
<figcaption><p class="cta">扫码报到 <span class="dot">·</span> <span class="en" lang="en">Scan to check in</span></p>
<p class="link">${e(p.url)}</p></figcaption>
</figure>
<p class="hint">${e(hint[p.kind].zh)}<span class="en" lang="en">${e(hint[p.kind].en)}</span></p>
</main>
<p class="print-note">打印：A4 纵向，边距“无” · <span lang="en">Print on A4, portrait, no margins</span></p>
</body>
</html>
`;
}
