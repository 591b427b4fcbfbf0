// Proving a mobile by SMS code on the hosted pages (/my-data, the letter's opt-out screen) as the
// check-in form does, with its human check and send (widgets/src/check-in/verification.ts) and its
// words for each way it can fail: the number, a code sent to it, the code checked for a
// `mobileProof`. Proofs stay in memory; a number proved in this visit is not sent another code.
import type { CheckInForm } from '../../schema/check-ins.ts';
import { maskMobile, normaliseMobile } from '../../schema/mobile.ts';
import { GinkgoPublic } from '../../sdk/src/public-client.ts';
import { codeMessages, duration } from '../../widgets/src/check-in/code-messages.ts';
import { codeOf, detailsOf, offline } from '../../widgets/src/check-in/step.ts';
import { sendCode } from '../../widgets/src/check-in/verification.ts';
import type { El } from './dom.ts';

const copy = {
  'zh-CN': {
    mobile: '手机号', send: '发送验证码', again: '继续', mobileInvalid: '请输入 11 位中国大陆手机号。',
    offline: '网络连接不稳定，请检查网络后重试。',
  },
  en: {
    mobile: 'Mobile', send: 'Send code', again: 'Continue', mobileInvalid: 'Enter an 11-digit mainland China mobile number.',
    offline: 'The connection is unstable. Check your network and try again.',
  },
};

export type ProvedMobile = { mobile: string; mobileProof: string };
export type ProofOptions = {
  /** Lent by the page, so that a page's lazily loaded screen shares nothing it must load first. */
  el: El;
  key: string;
  lang: 'zh-CN' | 'en';
  /** A refusal for a number the page already knows is not the one asked for, before any code is sent; null: go on. */
  refuse?: (mobile: string) => string | null;
  /** What the page does with the proof; a text it answers is shown under the number, which the member may change. */
  proved: (p: ProvedMobile) => Promise<string | void>;
};

/** The mobile field and its send button, then the code field once a code is on its way, and what went wrong. */
export function mobileProofForm({ el, key, lang, refuse, proved }: ProofOptions): HTMLElement {
  const w = copy[lang];
  const m = codeMessages[lang];
  const client = new GinkgoPublic({ key, baseUrl: location.origin });
  let config: Promise<CheckInForm> | undefined;
  const proofs = new Map<string, string>();
  let sentTo = '';
  let id = '';

  const mobile = el<HTMLInputElement>('input', { id: 'proof-mobile', type: 'tel', autocomplete: 'tel', inputMode: 'tel', required: true, maxLength: 20 });
  const send = el<HTMLButtonElement>('button', { type: 'submit' });
  const problem = el('p', { id: 'proof-problem', className: 'problem', hidden: true });
  problem.setAttribute('role', 'alert');
  const numberForm = el('form', { noValidate: true, className: 'proof' },
    el('div', { className: 'field' }, el('label', { htmlFor: 'proof-mobile', textContent: w.mobile }), mobile), el('div', { className: 'row' }, send));
  const box = el('div', { className: 'proof' }, numberForm, problem);
  let codeForm: HTMLElement | null = null;

  const typed = () => normaliseMobile(mobile.value) ?? '';
  /** The send button says what it will do; with a code on its way, checking it is the main action. */
  const label = () => {
    send.textContent = proofs.has(typed()) ? w.again : typed() === sentTo && sentTo ? m.resend : w.send;
    send.classList.toggle('quiet', codeForm !== null);
  };
  /** Shows `text` (or nothing) as the problem of `input`, and puts the keyboard there. */
  const say = (text: string, input?: HTMLInputElement) => {
    problem.textContent = text;
    problem.hidden = !text;
    for (const [field, note] of [[mobile, ''], [codeForm?.querySelector('input'), 'proof-note']] as const) {
      if (!field) continue;
      const its = Boolean(text) && field === input;
      field.setAttribute('aria-invalid', String(its));
      const ids = `${note} ${its ? 'proof-problem' : ''}`.trim();
      if (ids) field.setAttribute('aria-describedby', ids); else field.removeAttribute('aria-describedby');
    }
    input?.focus();
  };
  const dropCode = () => { codeForm?.remove(); codeForm = null; id = ''; label(); };

  async function finish(number: string, mobileProof: string) {
    send.disabled = true;
    try {
      const text = await proved({ mobile: number, mobileProof });
      if (text) say(text, mobile);
    } finally {
      send.disabled = false;
      label();
    }
  }

  function showCode(number: string, sent: { id: string; expiresAt: number; codeLength: number }) {
    dropCode();
    sentTo = number;
    id = sent.id;
    const input = el<HTMLInputElement>('input', { id: 'proof-code', inputMode: 'numeric', autocomplete: 'one-time-code', required: true });
    const check = el<HTMLButtonElement>('button', { type: 'submit', textContent: m.check });
    const form = el('form', { noValidate: true, className: 'proof' },
      el('p', { id: 'proof-note', className: 'muted', textContent: m.sentTo(maskMobile(number), Math.round((sent.expiresAt - Date.now()) / 60_000)) }),
      el('div', { className: 'field' }, el('label', { htmlFor: 'proof-code', textContent: m.codeLabel }), input), el('div', { className: 'row' }, check));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const code = input.value.normalize('NFKC').replace(/\D/g, '');
      if (code.length !== sent.codeLength) { say(m.codeFormat(sent.codeLength), input); return; }
      check.disabled = true;
      check.textContent = m.checking;
      try {
        const { mobileProof } = await client.mobileVerifications.check(id, { code });
        proofs.set(number, mobileProof);
        dropCode();
        say('');
        await finish(number, mobileProof);
      } catch (e) {
        const kind = codeOf(e);
        if (kind === 'code_incorrect') {
          input.value = '';
          say(m.incorrect(Number(detailsOf(e).attemptsLeft)), input);
        } else if (kind === 'code_expired' || kind === 'code_exhausted' || kind === 'not_found') {
          dropCode();
          say(kind === 'code_exhausted' ? m.exhausted : m.expired, mobile);
        } else {
          say(offline(e) ? m.checkOffline : m.codeTrouble, input);
        }
      } finally {
        check.disabled = false;
        check.textContent = m.check;
      }
    });
    codeForm = form;
    box.insertBefore(form, problem);
    label();
    say('', input);
  }

  mobile.addEventListener('input', () => {
    // Another number: the code sent to the last one does not apply.
    if (typed() !== sentTo) dropCode();
    label();
  });
  numberForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const number = typed();
    if (!number) { say(w.mobileInvalid, mobile); return; }
    const refusal = refuse?.(number);
    if (refusal) { say(refusal, mobile); return; }
    const proof = proofs.get(number);
    if (proof) { say(''); await finish(number, proof); return; }
    send.disabled = true;
    send.textContent = m.codeSending;
    say('');
    try {
      config ??= client.checkIns.form() as Promise<CheckInForm>;
      showCode(number, await sendCode(client, (await config).verification, number));
    } catch (e) {
      config = undefined;
      const kind = codeOf(e);
      say(kind === 'rate_limited' ? m.tooOften(duration(Number(detailsOf(e).retryAfterSeconds) || 60, m))
        : offline(e) ? w.offline : kind === 'sms_unavailable' ? m.smsDown : kind === 'verification_failed' ? m.notHuman
        : kind === 'validation_failed' ? w.mobileInvalid : m.codeTrouble, mobile);
    } finally {
      send.disabled = false;
      label();
    }
  });
  label();
  return box;
}
