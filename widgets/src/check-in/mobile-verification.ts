// The check-in form's mobile verification, its own chunk (in the embed:
// /widgets/mobile-verification.js): the SMS code step (code-step.ts) and the status lookup that
// proves the mobile with the code's proof (lookup.ts). The form loads it when the member first
// asks for a code, or after a check-in it sent from an earlier visit's outbox, so none of it weighs
// on the first load. It takes lit-html's `html` and `nothing` from the form instead of carrying
// copies, and the form's SDK client through VerificationHost (step.ts): the embed builds both with
// one set of mangled names.
import type { TemplateResult, html as litHtml, nothing as litNothing } from 'lit';
import { codeStep } from './code-step.ts';
import { lookupForm } from './lookup.ts';
import { verificationMessages } from './mobile-verification.messages.ts';
import type { Step, VerificationHost } from './step.ts';

export type { VerificationHost } from './step.ts';

export interface MobileVerification {
  /** Below the mobile field: the send button, then the code input and the countdown once a code is on its way. */
  renderCode(): TemplateResult;
  /** Proves a human asks (unnoticed), then sends a code to the mobile as typed. */
  send(): Promise<void>;
  /** After the check-in: the status lookup, with the mobile's proof (else its last four digits). */
  renderLookup(): TemplateResult;
}

export function mobileVerification(host: VerificationHost, html: typeof litHtml, nothing: typeof litNothing): MobileVerification {
  const step: Step = {
    host, lit: { html, nothing },
    t: () => verificationMessages[host._lang],
    update: (focus) => {
      if (focus) host._focusAfterUpdate = focus;
      host.requestUpdate();
    },
  };
  const code = codeStep(step);
  return { renderCode: code.render, send: code.send, renderLookup: lookupForm(step) };
}
