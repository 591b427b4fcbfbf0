// The status lookup under the receipt: the reference (the one just sent, or another) and the
// mobile's proof from its SMS code, so the member types nothing more; without a proof (or once the
// server no longer takes it) the last four digits of the mobile. It shows each need's service
// request status too.
import type { TemplateResult } from 'lit';
import type { CheckInReceipt } from '../../../schema/check-ins.ts';
import { codeOf, offline, type Step } from './step.ts';

export function lookupForm({ host, lent: { html, nothing, normaliseMobile, remembered }, t, update }: Step): () => TemplateResult {
  let reference = '';
  let last4 = '';
  /** The proof this lookup uses: the form's, until the server refuses it. */
  let proof: string | undefined;
  let busy = false;
  let result: CheckInReceipt | null = null;
  let error = '';

  async function submit(event: Event): Promise<void> {
    event.preventDefault();
    const client = host._client;
    if (busy || typeof client === 'string') return;
    const m = t();
    busy = true;
    error = '';
    update();
    try {
      const ref = reference.trim().toUpperCase();
      result = await client.checkIns.status(proof ? { reference: ref, mobileProof: proof } : { reference: ref, mobileLast4: last4.trim() });
      // Found: 我的报到 on this device lists it from now on, without typing.
      const digits = proof ? (normaliseMobile(host._values.mobile) ?? '').slice(-4) : last4.trim().normalize('NFKC');
      if (digits) await remembered.remember({ api: host._apiBase, key: host.key, reference: result.reference, last4: digits, savedAt: Date.now() });
    } catch (e) {
      result = null;
      const kind = codeOf(e);
      // A malformed reference is a 400, an unknown one a 404: to the member both are "not found".
      // So is a proof no longer accepted (the same 404): the last four digits take its place.
      if (kind === 'validation_failed' || kind === 'not_found') {
        proof = '';
        error = m.lookupNotFound;
      } else {
        error = offline(e) ? m.lookupOffline : m.lookupTrouble;
      }
    } finally {
      busy = false;
      update();
    }
  }

  const input = (id: 'reference' | 'last4', label: string, value: string, max: number, set: (v: string) => void) => html`<div class="field">
    <label for=${id}>${label}</label>
    <input id=${id} part="input" maxlength=${max} autocomplete="off" inputmode=${id === 'last4' ? 'numeric' : nothing}
      .value=${value} @input=${(e: Event) => set((e.target as HTMLInputElement).value)}>
  </div>`;

  return () => {
    const m = t();
    if (proof === undefined) {
      // First shown: the check-in just sent, and the mobile it was sent for.
      proof = host._proof;
      reference = host._receipt?.reference ?? '';
      last4 = (normaliseMobile(host._values.mobile) ?? '').slice(-4);
    }
    const line = (r: CheckInReceipt['serviceRequests'][number]) =>
      html`<br>${host._t.needNames[r.category]} · <span translate="no">${r.reference}</span> · ${m.requestStatus[r.status]}${
        r.resolution ? html`<br><span part="resolution">${m.resolution}${r.resolution}</span>` : nothing}`;
    return html`<form class="lookup" part="lookup" aria-labelledby="lookup-title" @submit=${submit}>
      <h3 id="lookup-title">${m.lookupTitle}</h3>
      ${input('reference', host._t.reference, reference, 16, (v) => { reference = v; })}
      ${proof ? nothing : input('last4', m.last4, last4, 4, (v) => { last4 = v; })}
      <button class="button" part="lookup-button" type="submit" ?disabled=${busy}>${m.lookup}</button>
      <p part="lookup-result" role="status">${error || (result ? [m.status(result), result.serviceRequests.map(line)] : nothing)}</p>
    </form>`;
  };
}
