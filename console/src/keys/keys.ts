// <console-keys>: 密钥与合作方, the home admin's (`keys:manage`). The new-key form (key-form.ts);
// a new or rotated key's token shown once, with a copy button and a warning; the tenant's keys
// (GET /v1/keys, revoked ones on demand), each rotated or revoked after a confirm dialog
// (POST /v1/keys/{id}/rotate, /revoke); then the partners and their consents (partners.ts).
import { css, html, nothing } from 'lit';
import type { ApiKey, ApiKeyPage, IssuedApiKey } from '../../../schema/keys.ts';
import { accountMessages } from '../account/messages.ts';
import { api } from '../api.ts';
import type { Lang } from '../i18n.ts';
import { formatDateTime, ScreenElement, screenStyles } from '../screen.ts';
import { base } from '../styles.ts';
import './key-form.ts';
import { keysMessages } from './messages.ts';
import './partners.ts';

type Failure = (lang: Lang) => string;
type Issued = { key: IssuedApiKey; rotated: boolean };
type Confirm = { action: 'rotate' | 'revoke'; key: ApiKey };

export class ConsoleKeys extends ScreenElement {
  static override properties = {
    _keys: { state: true }, _next: { state: true }, _loading: { state: true }, _listError: { state: true },
    _withRevoked: { state: true }, _issued: { state: true }, _copied: { state: true }, _confirm: { state: true },
    _busy: { state: true }, _notice: { state: true },
  };
  static override styles = [base, screenStyles, css`
    .intro { color: var(--muted); margin-bottom: 1rem; }
    .layout { display: grid; gap: 1.5rem; }
    .token { padding: 1rem; display: grid; gap: 0.75rem; border-color: var(--warn); }
    .token h2:focus { outline: none; }
    .token-row { display: flex; flex-wrap: wrap; gap: 0.5rem; }
    .token-row .input { flex: 1 1 16rem; }
    .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.875rem; overflow-wrap: anywhere; }
    .warning { padding: 0.625rem 0.875rem; border-radius: var(--radius); background: var(--warn-bg); color: var(--warn); font-weight: 600; }
    .list-head { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 0.5rem 1rem; margin-bottom: 0.5rem; }
    .toggle { display: flex; align-items: center; gap: 0.5rem; min-height: 2.75rem; }
    .toggle input { width: 1.25rem; height: 1.25rem; accent-color: var(--accent); }
    .key { padding: 0.75rem 1rem; display: grid; gap: 0.5rem; }
    .key.revoked { background: var(--page); }
    .key-head { display: flex; flex-wrap: wrap; align-items: center; gap: 0.375rem 0.75rem; }
    /* A phone: each value under its term, the full width for tokens and origins. */
    @media (max-width: 30rem) { .key dl { grid-template-columns: minmax(0, 1fr); gap: 0; } .key dd { margin-bottom: 0.375rem; } }
    dialog {
      width: min(28rem, calc(100vw - 1.5rem)); padding: 1rem; border: 0; border-radius: var(--radius);
      box-shadow: 0 12px 32px rgb(0 0 0 / 0.25); color: var(--ink); background: var(--surface);
    }
    dialog::backdrop { background: rgb(0 0 0 / 0.45); }
    dialog form { display: grid; gap: 0.75rem; }
  `];

  declare private _keys: ApiKey[];
  declare private _next: string | null;
  declare private _loading: boolean;
  declare private _listError: Failure | null;
  declare private _withRevoked: boolean;
  declare private _issued: Issued | null;
  declare private _copied: 'ok' | 'failed' | null;
  declare private _confirm: Confirm | null;
  declare private _busy: boolean;
  /** What the last rotate or revoke came to: done, or why not. */
  declare private _notice: { text: Failure; bad: boolean } | null;

  constructor() {
    super();
    this._keys = [];
    this._next = null;
    this._loading = false;
    this._listError = null;
    this._withRevoked = false;
    this._issued = null;
    this._copied = null;
    this._confirm = null;
    this._busy = false;
    this._notice = null;
  }

  private get _t() { return keysMessages[this.lang]; }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this._keys.length && !this._loading) void this._load(true);
  }

  private async _load(fresh: boolean) {
    this._loading = true;
    this._listError = null;
    const q = new URLSearchParams({ includeRevoked: String(this._withRevoked), limit: '20' });
    if (!fresh && this._next) q.set('cursor', this._next);
    try {
      const page = await api<ApiKeyPage>(`/v1/keys?${q}`);
      this._keys = fresh ? page.data : [...this._keys, ...page.data];
      this._next = page.nextCursor;
    } catch (error) {
      this._listError = this._explain(error);
    } finally {
      this._loading = false;
    }
  }

  private async _showIssued(key: IssuedApiKey, rotated: boolean) {
    this._issued = { key, rotated };
    this._copied = null;
    void this._load(true);
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#token-title')?.focus();
  }

  private async _copy() {
    const token = this._issued?.key.token ?? '';
    try {
      await navigator.clipboard.writeText(token);
      this._copied = 'ok';
    } catch {
      this.renderRoot.querySelector<HTMLInputElement>('#token')?.select();
      this._copied = document.execCommand?.('copy') ? 'ok' : 'failed';
    }
  }

  private async _ask(confirm: Confirm) {
    this._confirm = confirm;
    this._notice = null;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLDialogElement>('dialog')?.showModal();
  }

  private _closeDialog() {
    this.renderRoot.querySelector<HTMLDialogElement>('dialog')?.close();
    this._confirm = null;
  }

  private async _act(e: Event) {
    e.preventDefault();
    const confirm = this._confirm;
    if (!confirm || this._busy) return;
    this._busy = true;
    try {
      const path = `/v1/keys/${encodeURIComponent(confirm.key.id)}/${confirm.action}`;
      const answer = await api<IssuedApiKey | ApiKey>(path, { method: 'POST', body: {} });
      this._closeDialog();
      if (confirm.action === 'rotate') return void await this._showIssued(answer as IssuedApiKey, true);
      this._notice = { text: (lang) => keysMessages[lang].revokedNow(confirm.key.label), bad: false };
      void this._load(true);
    } catch (error) {
      this._closeDialog();
      this._notice = { text: this._explain(error), bad: true };
    } finally {
      this._busy = false;
    }
  }

  private _tokenPanel({ key, rotated }: Issued) {
    const t = this._t;
    return html`<section class="card token" aria-labelledby="token-title">
      <h2 id="token-title" tabindex="-1">${rotated ? t.tokenRotated(key.label) : t.tokenTitle(key.label)}</h2>
      <p class="warning" id="token-warning">${t.once}</p>
      <div class="field">
        <label for="token">${t.token}</label>
        <div class="token-row">
          <input id="token" class="input mono" readonly .value=${key.token} aria-describedby="token-warning"
            @focus=${(e: Event) => (e.target as HTMLInputElement).select()}>
          <button type="button" class="button primary" @click=${this._copy}>${t.copy}</button>
        </div>
      </div>
      <p role="status">${this._copied === 'ok' ? t.copied : this._copied === 'failed' ? t.copyFailed : ''}</p>
      <div><button type="button" class="button" @click=${() => { this._issued = null; }}>${t.done}</button></div>
    </section>`;
  }

  private _key(k: ApiKey) {
    const t = this._t;
    const roleNames = accountMessages[this.lang].roles;
    const scope = k.kind === 'publishable' ? k.allowedOrigins.join(', ')
      : `${k.role ? roleNames[k.role] : ''} · ${k.scopeNodeId ?? t.wholeTenant}`;
    return html`<li class="card key ${k.revokedAt ? 'revoked' : ''}">
      <div class="key-head">
        <h3>${k.label}</h3>
        <span class="badge plain">${t.kinds[k.kind]}</span>
        ${k.revokedAt ? html`<span class="badge bad">${t.revoked}</span>` : nothing}
      </div>
      <dl>
        <dt>${t.token}</dt><dd class="mono">${k.prefix}…${k.last4}</dd>
        <dt>${k.kind === 'publishable' ? t.origins : t.role}</dt><dd class=${k.kind === 'publishable' ? 'mono' : ''}>${scope}</dd>
        ${k.kind === 'secret' ? html`<dt>${t.permissions}</dt><dd>${k.scopes?.map((s) => t.scopeNames[s]).join(', ') ?? t.scopeAll}</dd>` : nothing}
        <dt>${t.created}</dt><dd>${formatDateTime(k.createdAt, this.lang)}</dd>
        <dt>${t.lastUsed}</dt><dd>${k.lastUsedAt ? formatDateTime(k.lastUsedAt, this.lang) : t.never}</dd>
        ${k.revokedAt ? html`<dt>${t.revoked}</dt><dd>${formatDateTime(k.revokedAt, this.lang)}</dd>` : nothing}
      </dl>
      ${k.revokedAt ? nothing : html`<div class="actions">
        <button type="button" class="button" aria-label="${t.rotate} · ${k.label}" @click=${() => this._ask({ action: 'rotate', key: k })}>${t.rotate}</button>
        <button type="button" class="button quiet" aria-label="${t.revoke} · ${k.label}" @click=${() => this._ask({ action: 'revoke', key: k })}>${t.revoke}</button>
      </div>`}
    </li>`;
  }

  private _dialog() {
    const t = this._t;
    const c = this._confirm;
    return html`<dialog aria-labelledby="confirm-title" aria-describedby="confirm-why" @close=${() => { this._confirm = null; }}>
      ${c ? html`<form @submit=${this._act}>
        <h2 id="confirm-title">${c.action === 'rotate' ? t.confirmRotate(c.key.label) : t.confirmRevoke(c.key.label)}</h2>
        <p id="confirm-why">${c.action === 'rotate' ? t.rotateWhy : t.revokeWhy}</p>
        <div class="actions">
          <button type="submit" class="button primary" ?disabled=${this._busy}>${this._busy ? t.working : c.action === 'rotate' ? t.rotate : t.revoke}</button>
          <button type="button" class="button quiet" @click=${this._closeDialog}>${this._c.cancel}</button>
        </div>
      </form>` : nothing}
    </dialog>`;
  }

  override render() {
    const t = this._t;
    return html`
      <h1>${t.title}</h1>
      <p class="intro">${t.intro}</p>
      <div class="layout">
        ${this._issued ? this._tokenPanel(this._issued) : nothing}
        <console-key-form .lang=${this.lang} @key-issued=${(e: CustomEvent<IssuedApiKey>) => this._showIssued(e.detail, false)}></console-key-form>
        <section aria-labelledby="list-title">
          <div class="list-head">
            <h2 id="list-title">${t.listTitle}</h2>
            <label class="toggle"><input type="checkbox" .checked=${this._withRevoked}
              @change=${(e: Event) => { this._withRevoked = (e.target as HTMLInputElement).checked; void this._load(true); }}>${t.showRevoked}</label>
          </div>
          <div class="status" role="status">${this._notice ? html`<p class="notice ${this._notice.bad ? 'bad' : ''}">${this._notice.text(this.lang)}</p>` : nothing}</div>
          ${this._listError ? html`<p class="notice bad" role="alert">${this._listError(this.lang)}</p>` : nothing}
          ${this._keys.length ? html`<ul class="rows">${this._keys.map((k) => this._key(k))}</ul>`
            : this._loading ? html`<p>${this._c.loading}</p>` : html`<p>${t.none}</p>`}
          ${this._next ? html`<div class="more"><button type="button" class="button" ?disabled=${this._loading}
            @click=${() => this._load(false)}>${this._loading ? this._c.loadingMore : this._c.loadMore}</button></div>` : nothing}
        </section>
        <console-partners .lang=${this.lang} .acting=${this.acting}></console-partners>
      </div>
      ${this._dialog()}
    `;
  }
}

customElements.define('console-keys', ConsoleKeys);
