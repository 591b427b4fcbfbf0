// After sending: the reference, what happens next, the service request each ticked need became,
// and the status lookup (reference + the last four digits of the mobile), which shows each
// request's status too.
import { html, nothing } from 'lit';
import type { CheckInReceipt, CheckInServiceRequest } from '../../../schema/check-ins.ts';
import { pick, type Lang } from '../shared/i18n.ts';
import type { CheckInMessages } from './messages.ts';

/** "政策解读 · SR-7Q4M2X9P · {where it went, or its status}". */
const request = (r: CheckInServiceRequest, t: CheckInMessages, then: string) =>
  html`${t.needNames[r.category]} · <span translate="no">${r.reference}</span> · ${then}`;

export function renderReceipt(receipt: CheckInReceipt, lang: Lang, t: CheckInMessages) {
  // A replay of an answer stored before the list existed has none.
  const requests = receipt.serviceRequests ?? [];
  return html`<div class="done" part="success">
    <h3 id="done-title" tabindex="-1">${t.doneTitle}</h3>
    <p class="label">${t.reference}</p>
    <p class="reference" part="reference" translate="no">${receipt.reference}</p>
    <p>${t.next(pick(receipt.branch.name, lang))}</p>
    ${requests.length ? html`<p class="label">${t.requests}</p>
      <ul part="service-requests">${requests.map((r) => html`<li>${request(r, t, pick(r.routedTo.name, lang))}</li>`)}</ul>
      <p>${t.keepCodes}</p>` : nothing}
  </div>`;
}

export interface Lookup {
  reference: string;
  last4: string;
  busy: boolean;
  result: CheckInReceipt | null;
  error: string | null;
}

export interface LookupContext extends Lookup {
  t: CheckInMessages;
  set: (field: 'reference' | 'last4', value: string) => void;
  submit: (event: Event) => void;
}

const input = (c: LookupContext, field: 'reference' | 'last4', label: string, max: number) => html`<div class="field">
  <label for=${field}>${label}</label>
  <input id=${field} part="input" maxlength=${max} autocomplete="off" inputmode=${field === 'last4' ? 'numeric' : nothing}
    .value=${c[field]} @input=${(e: Event) => c.set(field, (e.target as HTMLInputElement).value)}>
</div>`;

export function renderLookup(c: LookupContext) {
  const { t } = c;
  return html`<form class="lookup" part="lookup" aria-labelledby="lookup-title" @submit=${c.submit}>
    <h3 id="lookup-title">${t.lookupTitle}</h3>
    ${input(c, 'reference', t.reference, 16)}
    ${input(c, 'last4', t.last4, 4)}
    <button class="button" part="lookup-button" type="submit" ?disabled=${c.busy}>${t.lookup}</button>
    <p part="lookup-result" role="status">${c.error ?? (c.result
      ? [t.status(c.result), c.result.serviceRequests.map((r) => html`<br>${request(r, t, t.requestStatus[r.status])}`)] : nothing)}</p>
  </form>`;
}
