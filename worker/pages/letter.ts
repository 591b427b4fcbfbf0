// The letter from home (/letter, reached from /l/<token> and /l), bundled to /letter.js by
// scripts/build.ts. Opens the member's letter by the QR code's token (in the URL's fragment, so
// it reaches no server log after the redirect) or a typed personal code, shows it, and below it
// the check-in form (<ginkgo-check-in>) with the member's host branch preset. The letter shows
// only a masked name and mobile: checking in takes the full mobile, proved by SMS code in the form,
// and the check-in counts for the letter only if that mobile is the member's (the API decides).
import type { Letter } from '../../schema/campaigns.ts';
import { copy, type Words } from './letter-messages.ts';

const params = new URLSearchParams(location.search);
const lang = params.get('lang') === 'en' ? 'en' : 'zh-CN';
const t: Words = copy[lang];
const key = params.get('k') ?? '';
const token = new URLSearchParams(location.hash.slice(1)).get('t');
const main = document.getElementById('main')!;

/** An element with text and children; never HTML from data. */
function el<T = HTMLElement>(tag: string, props: Record<string, unknown> = {}, ...children: (Node | string | null)[]): T {
  const node = Object.assign(document.createElement(tag), props);
  for (const child of children) if (child !== null) node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  return node as unknown as T;
}
const side = (name: { zh: string; en: string }) => (lang === 'en' ? name.en || name.zh : name.zh);
const day = (ms: number) => new Date(ms).toLocaleDateString(lang, { timeZone: 'Asia/Shanghai', dateStyle: 'long' });

function say(text: string) {
  const box = document.getElementById('problem')!;
  box.textContent = text;
  box.hidden = !text;
}

function localize() {
  document.documentElement.lang = lang;
  document.title = t.title;
  document.getElementById('heading')!.textContent = t.heading;
  const other = new URLSearchParams(params);
  if (lang === 'en') other.delete('lang'); else other.set('lang', 'en');
  const link = document.getElementById('lang-switch') as HTMLAnchorElement;
  link.href = `?${other}${location.hash}`;
  link.textContent = t.other;
  link.lang = link.hreflang = t.otherLang;
}

type Failure = Error & { code?: string };
async function open(body: { token: string } | { code: string }): Promise<Letter> {
  const res = await fetch(`/v1/letters/open?key=${encodeURIComponent(key)}`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });
  const json = await res.json() as Letter & { error?: { code: string; message: string } };
  if (!res.ok) throw Object.assign(new Error(json.error?.message ?? String(res.status)), { code: json.error?.code });
  return json;
}
const problemText = (e: Failure) => ({
  letter_link_invalid: t.invalid, letter_link_expired: t.expired, letter_not_found: t.notFound, rate_limited: t.tooMany,
} as Record<string, string>)[e.code ?? ''] ?? t.failed;

/** The form for a typed code (/l, ?c= prefills it). */
function codeForm(prefill = '') {
  const input = el<HTMLInputElement>('input', { id: 'code', name: 'code', value: prefill, autocomplete: 'off', autocapitalize: 'characters', spellcheck: false, className: 'code', required: true, maxLength: 40 });
  const button = el<HTMLButtonElement>('button', { type: 'submit', textContent: t.open });
  const form = el<HTMLFormElement>('form', { className: 'card' },
    el('h2', { textContent: t.codeHeading }),
    el('div', { className: 'field' }, el('label', { htmlFor: 'code', textContent: t.codeLabel }), input, el('p', { className: 'muted', id: 'code-help', textContent: t.codeHelp })));
  input.setAttribute('aria-describedby', 'code-help');
  form.appendChild(button);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    button.disabled = true;
    button.textContent = t.opening;
    open({ code: input.value }).then(show, (e: Failure) => {
      say(problemText(e));
      button.disabled = false;
      button.textContent = t.open;
      input.focus();
    });
  });
  return form;
}

function letterCard(letter: Letter) {
  const { campaign } = letter;
  let english = lang === 'en' && campaign.bodyEn !== null;
  const card = el('article', { className: 'letter', lang: english ? 'en' : 'zh-CN' });
  const render = () => {
    card.lang = english ? 'en' : 'zh-CN';
    const title = english ? campaign.titleEn ?? campaign.titleZh : campaign.titleZh;
    const body = (english ? campaign.bodyEn! : campaign.bodyZh).split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
    const toggle = campaign.bodyEn === null ? null : el<HTMLButtonElement>('button', {
      type: 'button', className: 'quiet toggle', textContent: english ? t.showChinese : t.showEnglish, lang: english ? 'zh-CN' : 'en',
    });
    toggle?.addEventListener('click', () => { english = !english; render(); card.querySelector<HTMLButtonElement>('.toggle')?.focus(); });
    card.replaceChildren(...[
      toggle,
      el('h2', { textContent: title }),
      el('p', { className: 'greeting', textContent: t.to(letter.member.name, letter.member.mobile) }),
      ...body.map((text) => el('p', { textContent: text })),
      el('p', { className: 'sign', textContent: campaign.signatory }),
      el('p', { className: 'sign', textContent: day(campaign.startsAt) }),
    ].filter((n): n is HTMLElement => n !== null));
  };
  render();
  return card;
}

/** The letter, what the member is told about themselves, and the check-in form. */
function show(letter: Letter) {
  say('');
  const { member } = letter;
  const facts = el('dl', {},
    el('dt', { textContent: t.yourHome }), el('dd', { textContent: side(member.homeUnit.name) }),
    el('dt', { textContent: t.yourBranch }), el('dd', { textContent: member.hostBranch ? side(member.hostBranch.name) : t.none }),
    el('dt', { textContent: t.yourCode }), el('dd', { className: 'code', textContent: `${letter.code.slice(0, 5)}-${letter.code.slice(5)}` }));
  const form = document.createElement('ginkgo-check-in');
  form.setAttribute('key', key);
  form.setAttribute('lang', lang);
  if (member.hostBranch) form.setAttribute('branch', member.hostBranch.id);
  const report = el('section', { className: 'card', id: 'report' },
    el('h2', { id: 'report-heading', textContent: t.reportHeading }),
    letter.reportedAt === null ? null : el('p', { className: 'status', role: 'status', textContent: t.reported }),
    facts, el('p', { className: 'muted', textContent: t.reportHelp }));
  report.setAttribute('aria-labelledby', 'report-heading');
  main.replaceChildren(document.getElementById('problem')!, letterCard(letter), report, form);
}

localize();
if (!key) say(t.noKey);
else if (token) {
  open({ token }).then(show, (e: Failure) => {
    say(problemText(e));
    // A bad link can still be answered with the code printed on the same letter; an ended campaign cannot.
    if (e.code !== 'letter_link_expired') main.appendChild(codeForm());
  });
} else {
  main.appendChild(codeForm(params.get('c') ?? ''));
}
