// The SMS code step, below the mobile field: human verification (unnoticed), sending the code, the
// code input, the resend countdown, checking the code for the `mobileProof` that the form sends
// with the check-in (and keeps with it in the outbox), and a message for each way it can fail.
// Part of the mobile verification chunk (mobile-verification.ts).
import type { TemplateResult } from 'lit';
import { codeOf, detailsOf, offline, type Step } from './step.ts';
import { duration } from './mobile-verification.messages.ts';
import { sendCode } from './verification.ts';

export function codeStep({ host, lent: { html, nothing, normaliseMobile, maskMobile }, t, update }: Step): { render: () => TemplateResult; send: () => Promise<void> } {
  /** The number this state is about: a code sent, or a send that failed. Another number starts afresh. */
  let to = '';
  /** The code request to check; '' when there is none (not sent, expired, used up). */
  let id = '';
  let code = '';
  let busy: '' | 'send' | 'check' = '';
  /** No new code before this (this device's clock, unix ms). */
  let resendAt = 0;
  let error = '';
  let ticking: ReturnType<typeof setInterval> | undefined;

  const settings = () => host._form!.mobileVerification;
  const wait = () => Math.ceil((resendAt - Date.now()) / 1000);
  /** The countdown on the send button, once a second, until it may be pressed again. */
  const tick = () => {
    clearInterval(ticking);
    ticking = setInterval(() => {
      if (wait() <= 0 || !host.isConnected) clearInterval(ticking);
      host.requestUpdate();
    }, 1000);
  };

  async function send(): Promise<void> {
    const mobile = normaliseMobile(host._values.mobile);
    const client = host._client;
    const form = host._form;
    if (busy || !mobile || typeof client === 'string' || !form || (to === mobile && wait() > 0)) return;
    const m = t();
    to = mobile;
    busy = 'send';
    error = '';
    host._errors = { ...host._errors, mobile: undefined };
    update();
    try {
      id = (await sendCode(client, form.verification, mobile)).id;
      code = '';
      resendAt = Date.now() + settings().resendAfterSeconds * 1000;
      update('#code');
    } catch (e) {
      const kind = codeOf(e);
      if (kind === 'rate_limited') {
        const seconds = Number(detailsOf(e).retryAfterSeconds) || 60;
        resendAt = Date.now() + seconds * 1000;
        error = m.tooOften(duration(seconds, m));
      } else {
        error = offline(e) ? host._t.offline
          : kind === 'sms_unavailable' ? m.smsDown
          : kind === 'verification_failed' ? m.notHuman
          : kind === 'validation_failed' ? host._t.mobileInvalid
          : m.codeTrouble;
      }
      update();
    } finally {
      busy = '';
      tick();
      update();
    }
  }

  async function check(): Promise<void> {
    const client = host._client;
    if (busy || !id || typeof client === 'string') return;
    const m = t();
    if (code.length !== settings().codeLength) {
      error = m.codeFormat(settings().codeLength);
      return update('#code');
    }
    busy = 'check';
    error = '';
    update();
    try {
      const proof = await client.mobileVerifications.check(id, { code });
      // Kept only if the mobile is still the one the code went to.
      if (normaliseMobile(host._values.mobile) === to) {
        host._proof = proof.mobileProof;
        id = '';
        update('#code-done');
      }
    } catch (e) {
      const kind = codeOf(e);
      if (kind === 'code_incorrect') {
        code = '';
        error = m.incorrect(Number(detailsOf(e).attemptsLeft));
        update('#code');
      } else if (kind === 'code_expired' || kind === 'code_exhausted' || kind === 'not_found') {
        id = '';
        error = kind === 'code_exhausted' ? m.exhausted : m.expired;
        // The input is gone: the keyboard goes to the send button, or to the message while the button waits.
        update(wait() > 0 ? '#code-error' : '#code-send');
      } else {
        error = offline(e) ? m.checkOffline : m.codeTrouble;
      }
    } finally {
      busy = '';
      update();
    }
  }

  const onInput = (event: Event) => {
    const input = event.target as HTMLInputElement;
    input.value = code = input.value.replace(/\D/g, '').slice(0, settings().codeLength);
    // A full code (typed, pasted or filled in from the SMS by the phone) is checked at once.
    if (code.length === settings().codeLength) void check();
  };
  // Enter checks the code; it must not submit the check-in around it.
  const onKey = (event: KeyboardEvent) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      void check();
    }
  };

  function render(): TemplateResult {
    const m = t();
    const mobile = normaliseMobile(host._values.mobile);
    if (host._proof) return html`<p id="code-done" class="verified" part="code-verified" tabindex="-1">${m.verified}</p>`;
    if (mobile !== to && busy !== 'send') {
      // Another number: what was sent to the last one does not apply (nor does its countdown).
      to = id = error = code = '';
      resendAt = 0;
    }
    const left = wait();
    const problem = html`<p id="code-error" class="error" part="field-error" role="alert" tabindex="-1">${error}</p>`;
    const sendButton = html`<button id="code-send" class="button small" part="code-send-button" type="button"
      aria-describedby=${host._errors.mobile ? 'mobile-error' : nothing} ?disabled=${!mobile || !!busy || left > 0} @click=${send}>
      ${busy === 'send' ? m.codeSending : left > 0 ? m.resendIn(duration(left, m)) : id ? m.resend : host._t.sendCode}</button>`;
    // A message about the code sits under its input; one about sending, under the send button.
    return html`<div class="code" part="code">${id ? html`<p id="code-note" class="hint">${m.sentTo(maskMobile(to), Math.round(settings().codeTtlSeconds / 60))}</p>
      <label for="code">${m.codeLabel}</label>
      <div class="row">
        <input id="code" part="input code-input" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]*"
          maxlength=${settings().codeLength} .value=${code} aria-invalid=${error ? 'true' : 'false'}
          aria-describedby=${error ? 'code-note code-error' : 'code-note'} @input=${onInput} @keydown=${onKey}>
        <button class="button small" part="code-check-button" type="button" ?disabled=${!!busy} @click=${check}>
          ${busy === 'check' ? m.checking : m.check}</button>
      </div>
      ${problem}${sendButton}` : html`${sendButton}${problem}`}</div>`;
  }

  return { render, send };
}
