// 我的报到 inside WeChat (the page sets `wechat`): a remembered check-in with something still to
// come offers a WeChat notification. The status lookup takes the last four digits, which prove
// nothing, so first the member types the full mobile and proves it with an SMS code (the form's
// code step, on the form's own mobile value); the lookup with that proof confirms it is the
// check-in's. Then the page gets `ginkgo-wechat-proof` and slots a `wx-open-subscribe` (light DOM,
// as WeChat's open tags must be) into `wechat-<reference>` for each check-in or request that waits.
// Part of the mobile verification chunk (mobile-verification.ts).
import type { TemplateResult } from 'lit';
import type { CheckInReceipt } from '../../../schema/check-ins.ts';
import { codeOf, offline, type Step } from './step.ts';

/** What a receipt still waits for: the check-in's decision, each open request's resolution. */
export const waiting = (r: CheckInReceipt): string[] => [
  ...(r.status === 'pending' ? [r.reference] : []),
  ...r.serviceRequests.filter((s) => s.status === 'open' || s.status === 'assigned').map((s) => s.reference),
];

export function wechatOffer(step: Step, codeStep: () => TemplateResult): (r: CheckInReceipt) => unknown {
  const { host, lent: { html, nothing, normaliseMobile }, t, update } = step;
  /** The check-in whose mobile is being proved; the proof last checked against it; those proved. */
  let open = '';
  let tried = '';
  let error = '';
  const proved = new Map<string, string[]>();

  async function confirm(reference: string, mobileProof: string): Promise<void> {
    const client = host._client;
    if (typeof client === 'string') return;
    try {
      const receipt = await client.checkIns.status({ reference, mobileProof });
      const references = waiting(receipt);
      proved.set(reference, references);
      open = '';
      host.dispatchEvent(new CustomEvent('ginkgo-wechat-proof', { detail: { references, mobileProof }, bubbles: true, composed: true }));
      update('#wechat-ready');
    } catch (e) {
      const m = t();
      // The same 404 for another number as for an unknown reference: here, the number is not the check-in's.
      error = codeOf(e) === 'not_found' ? m.wechatMismatch : offline(e) ? m.lookupOffline : m.lookupTrouble;
      host._proof = '';
      update('#wechat-mobile');
    }
  }

  const setMobile = (event: Event) => {
    host._values = { ...host._values, mobile: (event.target as HTMLInputElement).value };
    host._proof = '';
    error = '';
    update();
  };

  const slots = (r: CheckInReceipt, references: string[]) => {
    const m = t();
    const category = (ref: string) => r.serviceRequests.find((s) => s.reference === ref)?.category;
    const what = (ref: string) => ref === r.reference ? m.wechatCheckIn : host._t.needNames[category(ref)!] ?? '';
    return html`<div id="wechat-ready" class="wechat" part="wechat" tabindex="-1"><p>${m.wechatReady}</p>
      ${references.map((ref) => html`<div class="wechat-slot"><span>${what(ref)} · <span translate="no">${ref}</span></span>
        <slot name=${`wechat-${ref}`}></slot></div>`)}</div>`;
  };

  return (r) => {
    const m = t();
    const references = proved.get(r.reference) ?? waiting(r);
    if (!host.wechat || !references.length) return nothing;
    if (proved.has(r.reference)) return slots(r, references);
    if (open !== r.reference) {
      return html`<button class="button small" part="wechat-button" type="button"
        @click=${() => { open = r.reference; error = ''; update('#wechat-mobile'); }}>${m.wechatOffer}</button>`;
    }
    const proof = host._proof;
    if (proof && tried !== proof) {
      tried = proof;
      void confirm(r.reference, proof);
    }
    const mobile = normaliseMobile(host._values.mobile);
    return html`<div class="wechat" part="wechat"><p class="hint">${m.wechatIntro}</p>
      <div class="field"><label for="wechat-mobile">${host._t.mobile}</label>
        <input id="wechat-mobile" part="input" type="tel" inputmode="numeric" autocomplete="tel" maxlength="13"
          .value=${host._values.mobile} aria-invalid=${error ? 'true' : 'false'} aria-describedby=${error ? 'wechat-error' : nothing}
          @input=${setMobile}></div>
      ${mobile ? codeStep() : nothing}
      <p id="wechat-error" class="error" part="field-error" role="alert">${error}</p></div>`;
  };
}
