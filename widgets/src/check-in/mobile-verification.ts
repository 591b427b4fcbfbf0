// The check-in form's mobile verification, its own chunk (in the embed:
// /widgets/mobile-verification-<hash>.js): the SMS code step (code-step.ts), the status lookup
// that proves the mobile with the code's proof (lookup.ts) and 我的报到 (status-view.ts, with
// wechat-offer.ts inside WeChat). The form loads it when the member first
// asks for a code, or after a check-in it sent from an earlier visit's outbox, so none of it weighs
// on the first load. It works on the form (its SDK client, values, errors) through
// VerificationHost, and takes lit-html and the mobile helpers from it (Lent, step.ts).
import type { TemplateResult } from 'lit';
import { codeStep } from './code-step.ts';
import { lookupForm } from './lookup.ts';
import { statusView } from './status-view.ts';
import { wechatOffer } from './wechat-offer.ts';
import { verificationMessages } from './mobile-verification.messages.ts';
import type { Lent, Step, VerificationHost } from './step.ts';

export type { VerificationHost } from './step.ts';

export interface MobileVerification {
  /** Below the mobile field: the send button, then the code input and the countdown once a code is on its way. */
  renderCode(): TemplateResult;
  /** Proves a human asks (unnoticed), then sends a code to the mobile as typed. */
  send(): Promise<void>;
  /** After the check-in: the status lookup, with the mobile's proof (else its last four digits). */
  renderLookup(): TemplateResult;
  /** 我的报到: the check-ins this device remembers, then the lookup. */
  renderStatus(): TemplateResult;
  /** Reads the remembered check-ins afresh the next time the status view renders. */
  refreshStatus(): void;
}

export function mobileVerification(host: VerificationHost, lent: Lent): MobileVerification {
  const step: Step = {
    host, lent,
    t: () => verificationMessages[host._lang],
    update: (focus) => {
      if (focus) host._focusAfterUpdate = focus;
      host.requestUpdate();
    },
  };
  const code = codeStep(step);
  const lookup = lookupForm(step);
  const status = statusView(step, lookup, wechatOffer(step, code.render));
  return { renderCode: code.render, send: code.send, renderLookup: lookup, renderStatus: status.render, refreshStatus: status.refresh };
}
