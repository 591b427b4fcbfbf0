// 我的报到: the check-ins this device remembers (remembered.ts, lent by the form), each with its
// status now and its service requests' (with what staff wrote when they resolved one), then the
// lookup for any other reference; inside WeChat, the offer to be told there (wechat-offer.ts).
// Part of the mobile verification chunk (mobile-verification.ts).
import type { TemplateResult } from 'lit';
import type { CheckInReceipt } from '../../../schema/check-ins.ts';
import type { RememberedCheckIn } from './remembered.ts';
import { codeOf, offline, type Step } from './step.ts';

/**
 * The newest this many: each is a lookup, and the API allows 10 a minute per client address, so a
 * reload or two stays within it.
 */
const SHOWN = 4;

type Item = { entry: RememberedCheckIn; receipt?: CheckInReceipt; problem?: string };

/** Its name in the form's language (English falls back to Chinese where a name has none). */
const nameIn = (lang: string, name: { zh: string; en: string }) => (lang === 'en' && name.en) || name.zh;

export function statusView(step: Step, lookup: () => TemplateResult, offer: (r: CheckInReceipt) => unknown): { render: () => TemplateResult; refresh: () => void } {
  const { host, lent: { html, nothing, remembered }, t, update } = step;
  /** undefined until loaded; loaded again each time the view opens. */
  let items: Item[] | undefined;
  let loading: Promise<void> | undefined;

  async function load(): Promise<void> {
    const client = host._client;
    if (typeof client === 'string') return;
    const entries = (await remembered.list(host._apiBase, host.key)).slice(0, SHOWN);
    items = await Promise.all(entries.map(async (entry): Promise<Item> => {
      try {
        return { entry, receipt: await client.checkIns.status({ reference: entry.reference, mobileLast4: entry.last4 }) };
      } catch (e) {
        const m = t();
        return { entry, problem: codeOf(e) === 'not_found' ? m.gone : offline(e) ? m.lookupOffline : m.lookupTrouble };
      }
    }));
    update();
  }

  async function forget(item: Item): Promise<void> {
    await remembered.forget(item.entry);
    items = items?.filter((i) => i !== item);
    update('#status-title');
  }

  const card = (item: Item) => {
    const m = t();
    const r = item.receipt;
    return html`<li class="remembered" part="remembered-item">
      <strong translate="no">${item.entry.reference}</strong>
      ${r ? html`<p>${nameIn(host._lang, r.branch.name)}</p>` : nothing}
      <p>${r ? m.status(r) : item.problem}</p>
      ${r?.serviceRequests.length ? html`<ul part="service-requests">${r.serviceRequests.map((s) => html`<li>
        ${host._t.needNames[s.category]} · <span translate="no">${s.reference}</span> · ${m.requestStatus[s.status]}
        ${s.resolution ? html`<br><span part="resolution">${m.resolution}${s.resolution}</span>` : nothing}</li>`)}</ul>` : nothing}
      ${r ? offer(r) : nothing}
      <button class="button small" part="forget-button" type="button" @click=${() => forget(item)}>${m.forget}</button>
    </li>`;
  };

  const render = () => {
    const m = t();
    loading ??= load().catch(() => { items = []; update(); });
    return html`<div part="status-view">
      <h3 id="status-title" tabindex="-1">${m.statusTitle}</h3>
      ${items === undefined ? html`<p role="status">${host._t.loading}</p>`
        : items.length ? html`<p>${m.rememberedIntro}</p><ul class="plain" part="remembered">${items.map(card)}</ul>`
        : html`<p>${m.rememberedNone}</p>`}
      ${lookup()}
      <button class="button" part="back-button" type="button" @click=${() => host._showView('form')}>${host._t.backToForm}</button>
    </div>`;
  };
  return { render, refresh: () => { items = loading = undefined; } };
}
