// <console-password>: the header's 设置密码 dialog. The optional password to sign in with, set or
// changed with a code to the user's own mobile: POST /auth/phone-number/request-password-reset,
// then POST /auth/phone-number/reset-password { phoneNumber, otp, newPassword }.
import { css, html, LitElement, nothing } from 'lit';
import { api, ApiError } from '../api.ts';
import type { Lang } from '../i18n.ts';
import { base } from '../styles.ts';
import { passwordMessages } from './messages.ts';

/** As the server checks (worker/src/staff/auth.ts). */
const MIN_LENGTH = 10;

type Words = (typeof passwordMessages)['en'];
type Problem = { field: 'send' | 'code' | 'password'; text: (t: Words) => string };

export class ConsolePassword extends LitElement {
  static override properties = {
    lang: {}, mobile: {},
    _sent: { state: true }, _busy: { state: true }, _problem: { state: true }, _done: { state: true },
  };
  static override styles = [base, css`
    dialog {
      width: min(28rem, calc(100vw - 1.5rem)); max-height: calc(100vh - 2rem); padding: 1rem; border: 0;
      border-radius: var(--radius); box-shadow: 0 12px 32px rgb(0 0 0 / 0.25); color: var(--ink); background: var(--surface);
    }
    dialog::backdrop { background: rgb(0 0 0 / 0.45); }
    .head { display: flex; align-items: center; justify-content: space-between; gap: 0.75rem; }
    h2 { margin: 0; font-size: 1.125rem; }
    form, .body { display: grid; gap: 0.75rem; margin-top: 0.75rem; }
    p { margin: 0; }
    .code { letter-spacing: 0.3em; font-variant-numeric: tabular-nums; }
  `];

  declare lang: Lang;
  /** The signed-in user's own mobile: the only one a password is set for. */
  declare mobile: string;
  declare private _sent: boolean;
  declare private _busy: boolean;
  declare private _problem: Problem | null;
  declare private _done: boolean;

  constructor() {
    super();
    this.lang = 'zh-CN';
    this.mobile = '';
    this._sent = false;
    this._busy = false;
    this._problem = null;
    this._done = false;
  }

  /** Opens the dialog afresh. */
  open(): void {
    this._sent = false;
    this._problem = null;
    this._done = false;
    this.renderRoot.querySelector<HTMLDialogElement>('dialog')?.showModal();
  }

  private _field<T extends HTMLInputElement>(id: string) { return this.renderRoot.querySelector<T>(`#${id}`); }

  private async _send() {
    if (this._busy) return;
    this._busy = true;
    this._problem = null;
    try {
      await api('/auth/phone-number/request-password-reset', { method: 'POST', body: { phoneNumber: this.mobile } });
      this._sent = true;
      await this.updateComplete;
      this._field('otp')?.focus();
    } catch (error) {
      this._problem = { field: 'send', text: this._explain(error) };
    } finally {
      this._busy = false;
    }
  }

  private async _save(e: Event) {
    e.preventDefault();
    const otp = this._field('otp')!.value.trim();
    const newPassword = this._field('new-password')!.value;
    if (!/^\d{6}$/.test(otp)) {
      this._problem = { field: 'code', text: (t) => t.codeInvalid };
      return this._field('otp')?.focus();
    }
    if (newPassword.length < MIN_LENGTH) {
      this._problem = { field: 'password', text: (t) => t.tooShort(MIN_LENGTH) };
      return this._field('new-password')?.focus();
    }
    if (this._busy) return;
    this._busy = true;
    this._problem = null;
    try {
      await api('/auth/phone-number/reset-password', { method: 'POST', body: { phoneNumber: this.mobile, otp, newPassword } });
      this._done = true;
    } catch (error) {
      const code = error instanceof ApiError && error.code.startsWith('code_');
      this._problem = { field: code ? 'code' : 'password', text: this._explain(error) };
    } finally {
      this._busy = false;
    }
  }

  private _explain(error: unknown): Problem['text'] {
    if (!(error instanceof ApiError) || error.status === 0) return (t) => t.network;
    if (error.status === 429) return (t) => t.tooMany;
    if (error.code === 'code_exhausted') return (t) => t.exhausted;
    if (error.code.startsWith('code_')) return (t) => t.wrongCode;
    const message = error.message;
    return (t) => t.failed(message);
  }

  private _form(t: Words) {
    const p = this._problem;
    const invalid = (field: Problem['field']) => (p?.field === field ? 'true' : 'false');
    return html`
      <div class="body">
        <p>${t.intro(this.mobile)}</p>
        <button type="button" class="button" ?disabled=${this._busy} @click=${this._send}>${this._sent ? t.sendAgain : t.send}</button>
        <p class="error" role="alert">${p?.field === 'send' ? p.text(t) : ''}</p>
        <p class="notice" role="status" ?hidden=${!this._sent}>${this._sent ? t.sent : ''}</p>
      </div>
      ${this._sent ? html`
        <form @submit=${this._save} novalidate>
          <div class="field">
            <label for="otp">${t.code}</label>
            <input id="otp" class="input code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="6"
              aria-describedby="otp-problem" aria-invalid=${invalid('code')}>
            <p id="otp-problem" class="error" role="alert">${p?.field === 'code' ? p.text(t) : ''}</p>
          </div>
          <div class="field">
            <label for="new-password">${t.newPassword}</label>
            <p id="new-password-hint" class="hint">${t.passwordHint(MIN_LENGTH)}</p>
            <input id="new-password" class="input" type="password" autocomplete="new-password" minlength=${MIN_LENGTH} maxlength="128"
              aria-describedby="new-password-hint new-password-problem" aria-invalid=${invalid('password')}>
            <p id="new-password-problem" class="error" role="alert">${p?.field === 'password' ? p.text(t) : ''}</p>
          </div>
          <button class="button primary" type="submit" ?disabled=${this._busy}>${this._busy ? t.saving : t.save}</button>
        </form>` : nothing}`;
  }

  override render() {
    const t = passwordMessages[this.lang];
    return html`
      <dialog aria-labelledby="password-title">
        <div class="head">
          <h2 id="password-title">${t.title}</h2>
          <button type="button" class="button quiet" @click=${(e: Event) => (e.target as HTMLElement).closest('dialog')!.close()}>${t.close}</button>
        </div>
        ${this._done ? html`<p class="notice" role="status">${t.done}</p>` : this._form(t)}
      </dialog>`;
  }
}

customElements.define('console-password', ConsolePassword);
