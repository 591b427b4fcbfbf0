// <console-sign-in>: mobile number, SMS code, session. POST /auth/phone-number/send-otp answers
// 200 whether or not the number has an account (so the screen never says which); 429 carries
// Retry-After, counted down on the button. POST /auth/phone-number/verify sets the session cookie.
// 密码登录 instead: mobile and the optional password, POST /auth/sign-in/phone-number.
import { css, html, LitElement, nothing } from 'lit';
import { normaliseMobile } from '../../../schema/mobile.ts';
import { api, ApiError } from '../api.ts';
import type { Lang } from '../i18n.ts';
import { base } from '../styles.ts';
import { signInMessages } from './messages.ts';

/** Seconds before the same number may ask again, after a code was sent. */
const RESEND_SECONDS = 60;

type Words = (typeof signInMessages)['en'];
/** A problem with a field, in the words of the language shown (it may change meanwhile). */
type Problem = { field: 'mobile' | 'code' | 'password'; text: (t: Words) => string };

export class ConsoleSignIn extends LitElement {
  static override properties = {
    lang: {}, notice: {},
    _mobile: { state: true }, _code: { state: true }, _sentTo: { state: true }, _busy: { state: true },
    _waitUntil: { state: true }, _now: { state: true }, _problem: { state: true }, _info: { state: true },
    _byPassword: { state: true }, _password: { state: true },
  };
  static override styles = [base, css`
    .panel { max-width: 26rem; margin: 1rem auto; padding: 1.25rem; display: grid; gap: 1.25rem; }
    h1 { margin: 0; font-size: 1.375rem; }
    p { margin: 0; }
    form { display: grid; gap: 0.75rem; }
    .row { display: flex; gap: 0.5rem; flex-wrap: wrap; }
    .row .input { flex: 1 1 10rem; }
    .row .button { flex: 1 1 8rem; }
    .code { letter-spacing: 0.3em; font-variant-numeric: tabular-nums; }
    .wide { width: 100%; }
    .switch { justify-self: center; }
  `];

  declare lang: Lang;
  declare notice: string;
  declare private _mobile: string;
  declare private _code: string;
  /** The number the last code was sent to (normalised); the code form shows for it. */
  declare private _sentTo: string | null;
  declare private _busy: 'send' | 'verify' | 'password' | null;
  /** 密码登录 chosen instead of a code. */
  declare private _byPassword: boolean;
  declare private _password: string;
  /** Until when the number `_waitFor` may not ask again (ms): limits are per number. */
  declare private _waitUntil: number;
  private _waitFor: string | null = null;
  declare private _now: number;
  declare private _problem: Problem | null;
  /** Whether to say that a code was sent (if the number has an account). */
  declare private _info: boolean;
  private _timer: ReturnType<typeof setInterval> | undefined;

  constructor() {
    super();
    this.lang = 'zh-CN';
    this.notice = '';
    this._mobile = '';
    this._code = '';
    this._sentTo = null;
    this._busy = null;
    this._waitUntil = 0;
    this._now = Date.now();
    this._problem = null;
    this._info = false;
    this._byPassword = false;
    this._password = '';
  }

  override disconnectedCallback(): void {
    clearInterval(this._timer);
    super.disconnectedCallback();
  }

  override firstUpdated(): void {
    this.renderRoot.querySelector<HTMLInputElement>('#mobile')?.focus();
  }

  private get _t() { return signInMessages[this.lang]; }

  private _wait(mobile: string, seconds: number) {
    this._waitFor = mobile;
    this._waitUntil = Date.now() + seconds * 1000;
    this._now = Date.now();
    clearInterval(this._timer);
    this._timer = setInterval(() => {
      this._now = Date.now();
      if (this._now >= this._waitUntil) clearInterval(this._timer);
    }, 1000);
  }

  private _onMobile(e: Event) {
    this._mobile = (e.target as HTMLInputElement).value;
    if (this._problem?.field === 'mobile') this._problem = null;
    const mobile = normaliseMobile(this._mobile);
    // Another number: its own code, its own wait.
    if (this._sentTo && mobile !== this._sentTo) {
      this._sentTo = null;
      this._info = false;
    }
    if (this._waitFor && mobile !== this._waitFor) {
      this._waitFor = null;
      this._waitUntil = 0;
      if (this._problem?.field === 'mobile') this._problem = null;
    }
  }

  private _onCode(e: Event) {
    const input = e.target as HTMLInputElement;
    input.value = input.value.replace(/\D/g, '');
    this._code = input.value;
    if (this._problem?.field === 'code') this._problem = null;
  }

  private async _send(e: Event) {
    e.preventDefault();
    const phoneNumber = normaliseMobile(this._mobile);
    if (!phoneNumber) {
      this._problem = { field: 'mobile', text: (t) => t.mobileInvalid };
      this.renderRoot.querySelector<HTMLInputElement>('#mobile')?.focus();
      return;
    }
    if (this._busy || this._now < this._waitUntil) return;
    this._busy = 'send';
    this._problem = null;
    try {
      await api('/auth/phone-number/send-otp', { method: 'POST', body: { phoneNumber } });
      this._sentTo = phoneNumber;
      this._info = true;
      this._wait(phoneNumber, RESEND_SECONDS);
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLInputElement>('#code')?.focus();
      // While the SMS is on its way: the screens after sign-in.
      void import('../account/account.ts');
      void import('../queue/queue.ts');
    } catch (error) {
      this._problem = { field: 'mobile', text: this._explain(error, 'send', phoneNumber) };
    } finally {
      this._busy = null;
    }
  }

  private async _verify(e: Event) {
    e.preventDefault();
    const code = this._code.trim();
    if (!/^\d{6}$/.test(code)) {
      this._problem = { field: 'code', text: (t) => t.codeInvalid };
      this.renderRoot.querySelector<HTMLInputElement>('#code')?.focus();
      return;
    }
    if (this._busy || !this._sentTo) return;
    this._busy = 'verify';
    this._problem = null;
    try {
      await api('/auth/phone-number/verify', { method: 'POST', body: { phoneNumber: this._sentTo, code } });
      this.dispatchEvent(new CustomEvent('console-signed-in', { bubbles: true, composed: true }));
    } catch (error) {
      this._problem = { field: 'code', text: this._explain(error, 'verify') };
      this.renderRoot.querySelector<HTMLInputElement>('#code')?.select();
    } finally {
      this._busy = null;
    }
  }

  private async _switch() {
    this._byPassword = !this._byPassword;
    this._problem = null;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLInputElement>(this._byPassword && normaliseMobile(this._mobile) ? '#password' : '#mobile')?.focus();
  }

  private async _signInWithPassword(e: Event) {
    e.preventDefault();
    const phoneNumber = normaliseMobile(this._mobile);
    const focus = (id: string) => this.renderRoot.querySelector<HTMLInputElement>(id)?.focus();
    if (!phoneNumber) {
      this._problem = { field: 'mobile', text: (t) => t.mobileInvalid };
      return focus('#mobile');
    }
    if (!this._password) {
      this._problem = { field: 'password', text: (t) => t.passwordMissing };
      return focus('#password');
    }
    if (this._busy) return;
    this._busy = 'password';
    this._problem = null;
    try {
      await api('/auth/sign-in/phone-number', { method: 'POST', body: { phoneNumber, password: this._password } });
      this.dispatchEvent(new CustomEvent('console-signed-in', { bubbles: true, composed: true }));
    } catch (error) {
      this._problem = { field: 'password', text: this._explain(error, 'password') };
      this.renderRoot.querySelector<HTMLInputElement>('#password')?.select();
    } finally {
      this._busy = null;
    }
  }

  private _explain(error: unknown, step: 'send' | 'verify' | 'password', mobile = ''): Problem['text'] {
    if (!(error instanceof ApiError) || error.status === 0) return (t) => t.network;
    if (step === 'password') return error.status === 429 ? (t) => t.passwordLocked : [400, 401, 403].includes(error.status) ? (t) => t.wrongPassword : (t) => t.failed(error.message);
    if (error.status === 429) {
      if (step === 'send') this._wait(mobile, error.retryAfter ?? RESEND_SECONDS);
      return (t) => t.tooMany;
    }
    if (step === 'verify' && error.code === 'code_exhausted') return (t) => t.exhausted;
    if (step === 'verify' && [400, 401, 403].includes(error.status)) return (t) => t.wrongCode;
    if (step === 'send' && error.status === 400) return (t) => t.mobileInvalid;
    const message = error.message;
    return (t) => t.failed(message);
  }

  private _mobileField(withSend: boolean, waiting: number) {
    const t = this._t;
    const p = this._problem;
    return html`
      <div class="field">
        <label for="mobile">${t.mobile}</label>
        <p id="mobile-hint" class="hint">${t.mobileHint}</p>
        <div class="row">
          <input id="mobile" class="input" type="tel" inputmode="numeric" autocomplete="tel-national" maxlength="20"
            aria-describedby="mobile-hint mobile-problem" aria-invalid=${p?.field === 'mobile' ? 'true' : 'false'}
            .value=${this._mobile} @input=${this._onMobile}>
          ${withSend ? html`<button class="button" type="submit" ?disabled=${this._busy !== null || waiting > 0}>
            ${this._busy === 'send' ? t.sending : waiting > 0 ? t.resendIn(waiting) : t.send}</button>` : nothing}
        </div>
        <p id="mobile-problem" class="error" role="alert">${p?.field === 'mobile' ? p.text(t) : ''}</p>
      </div>`;
  }

  private _passwordForm() {
    const t = this._t;
    const p = this._problem;
    return html`
      <form @submit=${this._signInWithPassword} novalidate>
        ${this._mobileField(false, 0)}
        <div class="field">
          <label for="password">${t.password}</label>
          <p id="password-hint" class="hint">${t.passwordHint}</p>
          <input id="password" class="input" type="password" autocomplete="current-password" maxlength="128"
            aria-describedby="password-hint password-problem" aria-invalid=${p?.field === 'password' ? 'true' : 'false'}
            .value=${this._password} @input=${(e: Event) => { this._password = (e.target as HTMLInputElement).value; if (p?.field === 'password') this._problem = null; }}>
          <p id="password-problem" class="error" role="alert">${p?.field === 'password' ? p.text(t) : ''}</p>
        </div>
        <button class="button primary wide" type="submit" ?disabled=${this._busy !== null}>
          ${this._busy === 'password' ? t.signingIn : t.signIn}</button>
      </form>`;
  }

  private _codeForms(waiting: number) {
    const t = this._t;
    const p = this._problem;
    return html`
      <form @submit=${this._send} novalidate>${this._mobileField(true, waiting)}</form>
      <p class="notice" role="status" ?hidden=${!this._info}>${this._info ? t.sent : ''}</p>
      ${this._sentTo ? html`
        <form @submit=${this._verify} novalidate>
          <div class="field">
            <label for="code">${t.code}</label>
            <p id="code-hint" class="hint">${t.codeHint}</p>
            <input id="code" class="input code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="6"
              pattern="[0-9]*" aria-describedby="code-hint code-problem" aria-invalid=${p?.field === 'code' ? 'true' : 'false'}
              .value=${this._code} @input=${this._onCode}>
            <p id="code-problem" class="error" role="alert">${p?.field === 'code' ? p.text(t) : ''}</p>
          </div>
          <button class="button primary wide" type="submit" ?disabled=${this._busy !== null}>
            ${this._busy === 'verify' ? t.signingIn : t.signIn}</button>
        </form>` : nothing}`;
  }

  override render() {
    const t = this._t;
    const waiting = Math.max(0, Math.ceil((this._waitUntil - this._now) / 1000));
    return html`
      <section class="panel card" aria-labelledby="title">
        <div>
          <h1 id="title">${t.title}</h1>
          <p class="hint">${this._byPassword ? t.introPassword : t.intro}</p>
        </div>
        ${this.notice ? html`<p class="notice" role="status">${this.notice}</p>` : nothing}
        ${this._byPassword ? this._passwordForm() : this._codeForms(waiting)}
        <button class="button quiet switch" type="button" @click=${this._switch}>${this._byPassword ? t.useCode : t.usePassword}</button>
      </section>
    `;
  }
}

customElements.define('console-sign-in', ConsoleSignIn);
