// <console-account>: in the header once signed in. The user's name, the grant acting (its role and
// scope), a switch when the user holds several (kept in sessionStorage and sent as X-Ginkgo-Grant),
// 设置密码 (the optional password, console-password), sign out (POST /auth/sign-out) and sign out
// everywhere (POST /auth/revoke-sessions).
import { css, html, LitElement, nothing } from 'lit';
import { api, ApiError } from '../api.ts';
import { pick, type Lang } from '../i18n.ts';
import type { Me, StaffGrant } from '../../../schema/staff.ts';
import { base } from '../styles.ts';
import { accountMessages } from './messages.ts';
import './password.ts';
import type { ConsolePassword } from './password.ts';

export class ConsoleAccount extends LitElement {
  static override properties = { lang: {}, me: { attribute: false }, _busy: { state: true }, _error: { state: true } };
  static override styles = [base, css`
    :host { color: #fff; min-width: 0; }
    .account { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem 0.75rem; }
    .who { flex: 1 1 7rem; min-width: 0; margin: 0; line-height: 1.3; overflow-wrap: anywhere; }
    .who strong { display: block; }
    .who span { font-size: 0.875rem; }
    /* Three buttons: on a phone they wrap within the width rather than push past it. */
    .actions { flex: 0 1 auto; min-width: 0; display: flex; flex-wrap: wrap; justify-content: flex-end; gap: 0.5rem; }
    .field { order: 3; flex: 1 1 100%; min-width: 0; display: flex; align-items: center; gap: 0.5rem; }
    .field label { font-weight: 400; font-size: 0.875rem; white-space: nowrap; }
    select {
      flex: 1; min-width: 0; min-height: 2.75rem; padding: 0.25rem 0.5rem; border-radius: var(--radius);
      border: 1px solid rgb(255 255 255 / 0.8); background: var(--accent-dark); color: #fff; text-overflow: ellipsis;
    }
    .button { border-color: rgb(255 255 255 / 0.8); background: transparent; color: #fff; padding: 0.25rem 0.75rem; }
    .button:focus-visible, select:focus-visible { outline-color: #fff; }
    .error { flex-basis: 100%; order: 4; color: #fff; font-weight: 600; }
    @media (min-width: 60rem) {
      .account { flex-wrap: nowrap; justify-content: flex-end; }
      .who { flex: 0 1 auto; text-align: end; }
      .field { order: 0; flex: 0 1 28rem; }
    }
  `];

  declare lang: Lang;
  declare me: Me;
  declare private _busy: boolean;
  /** The server's message when signing out failed; null otherwise. */
  declare private _error: string | null;

  constructor() {
    super();
    this.lang = 'zh-CN';
    this._busy = false;
    this._error = null;
  }

  private _grantLabel(g: StaffGrant): string {
    const t = accountMessages[this.lang];
    return `${t.roles[g.role]} · ${g.scopeNode ? pick(g.scopeNode.name, this.lang) : t.wholeTenant}`;
  }

  private _choose(e: Event) {
    this.dispatchEvent(new CustomEvent('console-grant', { detail: (e.target as HTMLSelectElement).value, bubbles: true, composed: true }));
  }

  private async _signOut(everywhere: boolean) {
    this._busy = true;
    this._error = null;
    try {
      if (everywhere) await api('/auth/revoke-sessions', { method: 'POST', body: {} });
      // Also clears this browser's cookie (after revoke-sessions the session is gone either way).
      await api('/auth/sign-out', { method: 'POST', body: {} }).catch(() => undefined);
      this.dispatchEvent(new CustomEvent('console-signed-out', { detail: {}, bubbles: true, composed: true }));
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        this.dispatchEvent(new CustomEvent('console-signed-out', { detail: {}, bubbles: true, composed: true }));
      } else {
        this._error = error instanceof ApiError ? error.message : String(error);
      }
    } finally {
      this._busy = false;
    }
  }

  override render() {
    const t = accountMessages[this.lang];
    const me = this.me;
    const acting = me.grants.find((g) => g.id === me.grant) ?? me.grants[0]!;
    return html`
      <section class="account" aria-label=${t.account}>
        <p class="who"><strong>${me.user.name}</strong>
          ${me.grants.length > 1 ? nothing : html`<span>${this._grantLabel(acting)}</span>`}</p>
        ${me.grants.length > 1 ? html`
          <div class="field">
            <label for="grant">${t.actingAs}</label>
            <select id="grant" @change=${this._choose}>
              ${me.grants.map((g) => html`<option value=${g.id} ?selected=${g.id === acting.id}>${this._grantLabel(g)}</option>`)}
            </select>
          </div>` : nothing}
        <div class="actions">
          <button type="button" class="button" @click=${() => this.renderRoot.querySelector<ConsolePassword>('console-password')!.open()}>${t.setPassword}</button>
          <button type="button" class="button" ?disabled=${this._busy} @click=${() => this._signOut(false)}>${t.signOut}</button>
          <button type="button" class="button" ?disabled=${this._busy} @click=${() => this._signOut(true)}>${t.signOutAll}</button>
        </div>
        ${this._error !== null ? html`<p class="error" role="alert">${t.failed(this._error)}</p>` : nothing}
      </section>
      <console-password .lang=${this.lang} .mobile=${me.user.mobile}></console-password>
    `;
  }
}

customElements.define('console-account', ConsoleAccount);
