// <console-campaigns>: 家乡来信. The campaigns (GET /v1/campaigns), newest first, each with its
// status and how far its letters are made (polled while one is sending); the home admin writes and
// edits drafts (<console-campaign-draft>) and sends them (POST /v1/campaigns/{id}/send). A
// campaign's funnel is #/campaigns/<id> (<console-campaign-funnel>), a link staff can share.
import { css, html, nothing } from 'lit';
import type { Campaign } from '../../../schema/campaigns.ts';
import type { CursorPage } from '../../../schema/common.ts';
import { api, ApiError, newIdempotencyKey } from '../api.ts';
import type { Lang } from '../i18n.ts';
import { formatDate, ScreenElement, screenStyles } from '../screen.ts';
import { base } from '../styles.ts';
import './draft-form.ts';
import './funnel-view.ts';
import { campaignMessages } from './messages.ts';

/** How often the list is read again while a campaign is sending. */
const POLL_MS = 3000;
const ROUTE = /^#\/campaigns\/([A-Za-z0-9_-]{1,64})$/;

type View = { kind: 'list' } | { kind: 'funnel'; id: string } | { kind: 'edit'; campaign: Campaign | null };

export class ConsoleCampaigns extends ScreenElement {
  static override properties = {
    _view: { state: true }, _campaigns: { state: true }, _next: { state: true }, _error: { state: true }, _notice: { state: true }, _busy: { state: true },
  };
  static override styles = [base, screenStyles, css`
    .intro { color: var(--muted); margin-bottom: 1rem; }
    .bar { display: flex; flex-wrap: wrap; gap: 0.5rem; margin-bottom: 1rem; }
    .campaign { padding: 0.875rem 1rem; display: grid; gap: 0.5rem; }
    .campaign .top { display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.25rem 0.75rem; }
    .campaign .meta { color: var(--muted); font-size: 0.875rem; }
    progress { width: 100%; height: 0.5rem; accent-color: var(--accent); }
    .actions a.button { text-decoration: none; }
    @media (min-width: 64rem) { .rows { grid-template-columns: repeat(2, minmax(0, 1fr)); } }
  `];

  declare private _view: View;
  declare private _campaigns: Campaign[];
  declare private _next: string | null;
  declare private _error: ((lang: Lang) => string) | null;
  declare private _notice: ((lang: Lang) => string) | null;
  declare private _busy: string | null;
  private _poll?: ReturnType<typeof setTimeout>;

  constructor() {
    super();
    this._view = { kind: 'list' };
    this._campaigns = [];
    this._next = null;
    this._error = null;
    this._notice = null;
    this._busy = null;
  }

  private get _t() { return campaignMessages[this.lang]; }
  private get _admin() { return this.acting.role === 'home_admin'; }

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('hashchange', this._onHash);
    this._onHash();
  }

  override disconnectedCallback(): void {
    removeEventListener('hashchange', this._onHash);
    clearTimeout(this._poll);
    super.disconnectedCallback();
  }

  private _onHash = () => {
    const id = ROUTE.exec(location.hash)?.[1];
    if (id) {
      this._view = { kind: 'funnel', id };
      return;
    }
    if (location.hash === '#/campaigns' && this._view.kind !== 'edit') {
      this._view = { kind: 'list' };
      void this._load();
    }
  };

  private async _load(more = false) {
    clearTimeout(this._poll);
    this._error = null;
    try {
      const q = new URLSearchParams({ limit: '20' });
      if (more && this._next) q.set('cursor', this._next);
      const page = await api<CursorPage<Campaign>>(`/v1/campaigns?${q}`);
      this._campaigns = more ? [...this._campaigns, ...page.data] : page.data;
      this._next = page.nextCursor;
    } catch (error) {
      this._error = this._explain(error);
    }
    if (this._campaigns.some((c) => c.status === 'sending') && this._view.kind === 'list') {
      this._poll = setTimeout(() => void this._load(), POLL_MS);
    }
  }

  private async _send(c: Campaign) {
    const t = this._t;
    if (!confirm(t.sendConfirm(c.titleZh))) return;
    this._busy = c.id;
    this._notice = null;
    this._error = null;
    try {
      await api(`/v1/campaigns/${encodeURIComponent(c.id)}/send`, { method: 'POST', body: {}, headers: { 'Idempotency-Key': newIdempotencyKey() } });
      this._notice = (lang) => campaignMessages[lang].sendStarted;
    } catch (error) {
      const message = error instanceof ApiError && error.status !== 0 && error.status !== 401 ? error.message : null;
      this._error = message === null ? this._explain(error) : (lang) => campaignMessages[lang].sendFailed(message);
    } finally {
      this._busy = null;
    }
    await this._load();
  }

  private _edit(campaign: Campaign | null) {
    this._view = { kind: 'edit', campaign };
  }

  private _row(c: Campaign) {
    const t = this._t;
    const p = c.progress;
    const title = this.lang === 'en' && c.titleEn ? c.titleEn : c.titleZh;
    return html`<li class="campaign card">
      <p class="top"><strong>${title}</strong><span class="badge ${c.status === 'sending' ? 'warn' : c.status === 'draft' ? 'plain' : 'ok'}">${t.status[c.status]}</span></p>
      <p class="meta">${t.dates(formatDate(c.startsAt, this.lang), formatDate(c.endsAt, this.lang))}</p>
      ${c.status !== 'draft' ? html`<p class="meta">${t.progress(p.lettersMade, p.audienceTotal)}</p>
        ${p.audienceTotal ? html`<progress max=${p.audienceTotal} value=${p.lettersMade} aria-label=${t.progress(p.lettersMade, p.audienceTotal)}></progress>` : nothing}` : nothing}
      <div class="actions">
        ${c.status !== 'draft' ? html`<a class="button" href="#/campaigns/${c.id}">${t.viewFunnel}</a>` : nothing}
        ${c.status === 'draft' && this._admin ? html`
          <button type="button" class="button quiet" @click=${() => this._edit(c)}>${t.edit}</button>
          <button type="button" class="button primary" ?disabled=${this._busy !== null} @click=${() => this._send(c)}>${t.send}</button>` : nothing}
      </div>
    </li>`;
  }

  override render() {
    const t = this._t;
    const v = this._view;
    if (v.kind === 'funnel') {
      return html`<console-campaign-funnel .lang=${this.lang} .acting=${this.acting} .campaignId=${v.id}></console-campaign-funnel>`;
    }
    if (v.kind === 'edit') {
      return html`<console-campaign-draft .lang=${this.lang} .acting=${this.acting} .campaign=${v.campaign}
        @console-close=${(e: CustomEvent<string | null>) => {
          this._view = { kind: 'list' };
          if (e.detail) this._notice = (lang) => campaignMessages[lang].form.saved;
          void this._load();
        }}></console-campaign-draft>`;
    }
    return html`
      <h1>${t.title}</h1>
      <p class="intro">${this._admin ? t.intro : t.introStaff}</p>
      ${this._admin ? html`<div class="bar"><button type="button" class="button primary" @click=${() => this._edit(null)}>${t.newCampaign}</button></div>` : nothing}
      <div class="status" role="status">${this._notice ? html`<p class="notice">${this._notice(this.lang)}</p>` : nothing}</div>
      ${this._error ? html`<p class="notice bad" role="alert">${this._error(this.lang)}</p>` : nothing}
      <h2 class="sr-only">${t.list}</h2>
      ${!this._campaigns.length && !this._error ? html`<p class="hint">${t.none}</p>` : nothing}
      <ol class="rows" aria-label=${t.list}>${this._campaigns.map((c) => this._row(c))}</ol>
      ${this._next ? html`<div class="more"><button type="button" class="button" @click=${() => this._load(true)}>${this._c.loadMore}</button></div>` : nothing}
    `;
  }
}

customElements.define('console-campaigns', ConsoleCampaigns);
