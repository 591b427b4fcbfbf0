// The letter from home (/letter, reached from /l/<token> and /l), bundled to /letter.js by
// scripts/build.ts. Opens the member's letter by the QR code's token (in the URL's fragment, so
// it reaches no server log after the redirect) or a typed personal code, shows it, and below it
// the check-in form (<ginkgo-check-in>) with the member's host branch and home unit preset. The letter shows
// only a masked name and mobile: checking in takes the full mobile, proved by SMS code in the form,
// and the check-in counts for the letter only if that mobile is the member's (the API decides).
// Under the letter, 不再接收短信 opens the opt-out screen (letter-opt-out.ts, loaded then).
import type { Letter } from '../../schema/campaigns.ts';
import { el } from './dom.ts';
import { copy, type Words } from './letter-messages.ts';

const params = new URLSearchParams(location.search);
const lang = params.get('lang') === 'en' ? 'en' : 'zh-CN';
const t: Words = copy[lang];
const key = params.get('k') ?? '';
const token = new URLSearchParams(location.hash.slice(1)).get('t');
const main = document.getElementById('main')!;

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
type LetterKey = { token: string } | { code: string };
/** POST /v1/letters/<path>: tokens and codes stay out of URLs. */
async function post<T>(path: string, body: Record<string, unknown>): Promise<T> {
  const res = await fetch(`/v1/letters/${path}?key=${encodeURIComponent(key)}`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });
  const json = await res.json() as T & { error?: { code: string; message: string } };
  if (!res.ok) throw Object.assign(new Error(json.error?.message ?? String(res.status)), { code: json.error?.code });
  return json;
}
const open = (letterKey: LetterKey) => post<Letter>('open', letterKey);
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
    const typed = { code: input.value };
    open(typed).then((letter) => show(letter, typed), (e: Failure) => {
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

/**
 * 不再接收短信 under the letter: the opt-out screen in place of the letter (which is kept, hidden,
 * with the form's state), its heading focused; the phone's back button or 返回来信 closes it.
 */
function optOutLine(letter: Letter, letterKey: LetterKey): HTMLElement {
  if (letter.member.smsOptedOut) return el('p', { className: 'stop-sms muted', textContent: t.optedOut });
  const button = el<HTMLButtonElement>('button', { type: 'button', className: 'link', textContent: t.optOut });
  const line = el('p', { className: 'stop-sms' }, button);
  let screen: HTMLElement | null = null;
  let hidden: HTMLElement[] = [];
  addEventListener('popstate', () => {
    if (!screen) return;
    screen.remove();
    screen = null;
    for (const node of hidden) node.hidden = false;
    if (letter.member.smsOptedOut) line.replaceWith(optOutLine(letter, letterKey));
    else button.focus();
  });
  button.addEventListener('click', async () => {
    button.disabled = true;
    say('');
    try {
      const { optOutScreen } = await import('./letter-opt-out.ts');
      screen = optOutScreen({
        el, key, lang, letter, letterKey, post, day,
        close: (optedOut) => { letter.member.smsOptedOut = optedOut; history.back(); },
      });
    } catch {
      say(t.optOutFailed);
      return;
    } finally {
      button.disabled = false;
    }
    hidden = [...main.children].filter((node): node is HTMLElement => node instanceof HTMLElement && node.id !== 'problem' && !node.hidden);
    for (const node of hidden) node.hidden = true;
    main.appendChild(screen);
    history.pushState({ optOut: true }, '');
    screen.querySelector('h2')!.focus();
  });
  return line;
}

/** The letter, what the member is told about themselves, and the check-in form. */
function show(letter: Letter, letterKey: LetterKey) {
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
  form.setAttribute('home', member.homeUnit.id);
  const report = el('section', { className: 'card', id: 'report' },
    el('h2', { id: 'report-heading', textContent: t.reportHeading }),
    letter.reportedAt === null ? null : el('p', { className: 'status', role: 'status', textContent: t.reported }),
    facts, el('p', { className: 'muted', textContent: t.reportHelp }));
  report.setAttribute('aria-labelledby', 'report-heading');
  main.replaceChildren(document.getElementById('problem')!, letterCard(letter), optOutLine(letter, letterKey), report, form);
}

localize();
if (!key) say(t.noKey);
else if (token) {
  open({ token }).then((letter) => show(letter, { token }), (e: Failure) => {
    say(problemText(e));
    // A bad link can still be answered with the code printed on the same letter; an ended campaign cannot.
    if (e.code !== 'letter_link_expired') main.appendChild(codeForm());
  });
} else {
  main.appendChild(codeForm(params.get('c') ?? ''));
}
