// The hosted my-data page (/my-data?k=<publishable key>, &lang=en), bundled to /my-data.js by
// scripts/build.ts. A member proves the mobile as the check-in form does (mobile-proof.ts: the
// human check, then an SMS code), then sees and downloads what is held about it, withdraws consents,
// asks for a correction or erasure, and sees their requests. The proof lives in memory only.
import type { DataRequest, MyData } from '../../schema/data-requests.ts';
import { el } from './dom.ts';
import { copy, type Words } from './my-data-messages.ts';
import { mobileProofForm } from './mobile-proof.ts';

const params = new URLSearchParams(location.search);
const lang = params.get('lang') === 'en' ? 'en' : 'zh-CN';
const t: Words = copy[lang];
const key = params.get('k') ?? '';
const main = document.getElementById('main')!;
let auth: { mobile: string; mobileProof: string } | null = null;

const date = (ms: number | null) => (ms === null ? '—' : new Date(ms).toLocaleString(lang, { timeZone: 'Asia/Shanghai', dateStyle: 'medium', timeStyle: 'short' }));
const side = (name: { zh: string; en: string }) => (lang === 'en' ? name.en : name.zh);
const list = (items: HTMLElement[], empty: string) => (items.length ? el('ul', { className: 'items' }, ...items) : el('p', { className: 'muted', textContent: empty }));
const pairs = (rows: [string, string][]) => el('dl', {}, ...rows.flatMap(([k, v]) => [el('dt', { textContent: k }), el('dd', { textContent: v })]));

function say(text: string, problem = false) {
  const box = document.getElementById('problem')!;
  box.textContent = text;
  box.hidden = !text;
  box.className = problem ? 'problem' : 'status';
  box.setAttribute('role', problem ? 'alert' : 'status');
}

async function call<T>(path: string, body: Record<string, unknown>): Promise<T> {
  const res = await fetch(`/v1/my-data${path}?key=${encodeURIComponent(key)}`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ...auth, ...body }),
  });
  const json = await res.json() as T & { error?: { code: string; message: string } };
  if (!res.ok) throw Object.assign(new Error(json.error?.message ?? String(res.status)), { code: json.error?.code });
  return json;
}
const failed = (e: unknown) => {
  const code = (e as { code?: string }).code;
  say(code === 'mobile_unverified' ? t.expired : code === 'rate_limited' ? t.tooMany : t.failed((e as Error).message), true);
  if (code === 'mobile_unverified') { auth = null; showVerify(); }
};

function localize() {
  document.documentElement.lang = lang;
  document.title = t.title;
  document.getElementById('heading')!.textContent = t.heading;
  const other = new URLSearchParams(params);
  if (lang === 'en') other.delete('lang'); else other.set('lang', 'en');
  const link = document.getElementById('lang-switch') as HTMLAnchorElement;
  link.href = `?${other}`;
  link.textContent = t.other;
  link.lang = link.hreflang = lang === 'en' ? 'zh-CN' : 'en';
}

/** The mobile, proved by an SMS code: then everything held about it. */
function showVerify() {
  const form = mobileProofForm({ el, key, lang, proved: async (proved) => { auth = proved; await showData(); } });
  main.replaceChildren(main.firstElementChild!, el('section', { className: 'card' },
    el('h2', { textContent: t.verifyTitle }), el('p', { className: 'muted', textContent: t.verifyIntro }), form));
  form.querySelector('input')!.focus();
}

/** Everything held, with the actions on it. */
async function showData(notice?: string) {
  let data: MyData;
  try {
    data = await call<MyData>('', {});
  } catch (e) { failed(e); return; }
  say(notice ?? '');
  const m = data.member;
  const download = el('a', { className: 'download', textContent: t.download, download: `my-data-${data.exportedAt}.json`,
    href: URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' })) });
  const withdrawButton = (label: string, body: Record<string, unknown>) => {
    const b = el<HTMLButtonElement>('button', { type: 'button', className: 'quiet', textContent: label });
    b.addEventListener('click', async () => {
      if (!confirm(t.withdrawConfirm)) return;
      b.disabled = true;
      try { await call('/consents/withdraw', body); await showData(t.withdrawn); } catch (e) { failed(e); b.disabled = false; }
    });
    return b;
  };
  const liveCheckIn = data.checkIns.some((c) => c.consentWithdrawnAt === null);
  main.replaceChildren(main.firstElementChild!,
    el('section', { className: 'card' }, el('h2', { textContent: t.record }),
      m ? pairs([[t.name, m.name], [t.mobile, m.mobile], [t.homeUnit, side(m.homeUnit.name)], [t.city, m.currentCity ?? '—'],
        [t.category, t.categories[m.category]], [t.employer, m.employer ?? '—'], [t.branch, m.hostBranch ? side(m.hostBranch.name) : '—'],
        [t.since, date(m.createdAt)]]) : el('p', { className: 'muted', textContent: t.noRecord }),
      el('div', { className: 'row' }, download), el('p', { className: 'muted', textContent: t.downloadHint })),
    el('section', { className: 'card' }, el('h2', { textContent: t.checkIns }), list(data.checkIns.map((c) => el('li', {},
      el('strong', { textContent: `${c.reference} · ${side(c.branch.name)} · ${t.statuses[c.status]}` }),
      pairs([[t.sent, date(c.createdAt)], [t.name, c.submittedName], [t.city, c.currentCity], [t.consent, c.consentVersion],
        [t.consentWithdrawnAt, c.consentWithdrawnAt ? date(c.consentWithdrawnAt) : '—']]))), t.none)),
    el('section', { className: 'card' }, el('h2', { textContent: t.requestsForHelp }), list(data.serviceRequests.map((r) => el('li', {},
      el('strong', { textContent: `${r.reference} · ${t.statuses[r.status] ?? r.status}` }), r.description ?? '')), t.none)),
    el('section', { className: 'card' }, el('h2', { textContent: t.consents }), el('p', { className: 'muted', textContent: t.withdrawMeaning }),
      liveCheckIn ? el('div', { className: 'row' }, withdrawButton(t.withdrawCheckIn, { consent: 'check_in' })) : null,
      list(data.partnerConsents.map((p) => el('li', {}, el('strong', { textContent: side(p.partner.name) }),
        pairs([[t.granted, date(p.grantedAt)], [t.consentWithdrawnAt, p.withdrawnAt ? date(p.withdrawnAt) : '—']]),
        p.withdrawnAt ? null : el('div', { className: 'row' }, withdrawButton(t.withdrawPartner, { consent: 'partner', partnerId: p.partner.id })))), t.noPartners)),
    el('section', { className: 'card' }, el('h2', { textContent: t.messages }),
      list(data.messages.map((s) => el('li', {}, el('span', { className: 'muted', textContent: date(s.createdAt) }), s.text)), t.none)),
    askForm(),
    el('section', { className: 'card' }, el('h2', { textContent: t.myRequests }),
      list(data.dataRequests.filter((r) => r.kind !== 'export').map(requestItem), t.noRequests)),
  );
}

function requestItem(r: DataRequest) {
  return el('li', { className: 'request' }, el('strong', { textContent: `${t.kinds[r.kind]} · ${t.requestStatuses[r.status]}` }),
    pairs([[t.asked, date(r.createdAt)], [t.due, date(r.dueAt)], ...(r.text ? [[t.yourWords, r.text] as [string, string]] : []),
      ...(r.outcome ? [[t.outcome, r.outcome] as [string, string]] : [])]));
}

function askForm() {
  const kind = el<HTMLSelectElement>('select', { id: 'kind' }, el('option', { value: 'correction', textContent: t.kinds.correction }), el('option', { value: 'erasure', textContent: t.kinds.erasure }));
  const field = el<HTMLSelectElement>('select', { id: 'field' }, ...Object.entries(t.fields).map(([value, label]) => el('option', { value, textContent: label })));
  const text = el<HTMLTextAreaElement>('textarea', { id: 'text', maxLength: 1000 });
  const fieldRow = el('div', { className: 'field' }, el('label', { htmlFor: 'field', textContent: t.field }), field);
  const send = el<HTMLButtonElement>('button', { type: 'submit', textContent: t.ask });
  kind.addEventListener('change', () => { fieldRow.hidden = kind.value !== 'correction'; });
  const form = el('form', { className: 'card', noValidate: true }, el('h2', { textContent: t.askTitle }), el('p', { className: 'muted', textContent: t.askIntro }),
    el('div', { className: 'field' }, el('label', { htmlFor: 'kind', textContent: t.kind }), kind), fieldRow,
    el('div', { className: 'field' }, el('label', { htmlFor: 'text', textContent: t.text }), text), el('div', { className: 'row' }, send));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const erasure = kind.value === 'erasure';
    if (!erasure && !text.value.trim()) { say(t.textMissing, true); text.focus(); return; }
    if (erasure && !confirm(t.erasureConfirm)) return;
    send.disabled = true;
    try {
      await call('/requests', { kind: kind.value, ...(erasure ? {} : { field: field.value }), ...(text.value.trim() ? { text: text.value.trim() } : {}) });
      await showData(t.asked15);
    } catch (err) { failed(err); send.disabled = false; }
  });
  return form;
}

localize();
if (!key) say(t.noKey, true);
else showVerify();
