// After sending: the reference, what happens next, and the service request each ticked need
// became. The status lookup under it is part of the mobile verification chunk (lookup.ts): it
// proves the mobile with the SMS code's proof.
import { html, nothing } from 'lit';
import type { CheckInReceipt, CheckInServiceRequest } from '../../../schema/check-ins.ts';
import { pick, type Lang } from '../shared/i18n.ts';
import type { CheckInMessages } from './messages.ts';

/** "政策解读 · SR-7Q4M2X9P · 邳州流动党员常州服务驿站" (where it went). */
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
