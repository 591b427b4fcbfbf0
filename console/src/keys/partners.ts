// <console-partners>: the tenant's partners (GET /v1/partners) with how many members consented and
// withdrew, and for one partner at a time its consents (GET /v1/partners/{id}/consents), a page at
// a time: member, when given, the version agreed to, and whether withdrawn.
import { css, html, nothing } from 'lit';
import type { Partner, PartnerConsent, PartnerConsentPage, PartnerPage } from '../../../schema/partners.ts';
import { api } from '../api.ts';
import { pick, type Lang } from '../i18n.ts';
import { formatDate, ScreenElement, screenStyles } from '../screen.ts';
import { base } from '../styles.ts';
import { partnersMessages } from './messages.ts';

type Failure = (lang: Lang) => string;
type Consents = { rows: PartnerConsent[]; next: string | null; loading: boolean; error: Failure | null };

export class ConsolePartners extends ScreenElement {
  static override properties = { _partners: { state: true }, _open: { state: true }, _consents: { state: true } };
  static override styles = [base, screenStyles, css`
    h2 { margin-bottom: 0.25rem; }
    .intro { color: var(--muted); margin-bottom: 0.75rem; }
    .partner { padding: 0.75rem 1rem; display: grid; gap: 0.5rem; }
    .head { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 0.5rem 1rem; }
    .counts { display: flex; flex-wrap: wrap; gap: 0.375rem; }
    table { width: 100%; border-collapse: collapse; font-size: 0.9375rem; }
    th, td { text-align: start; padding: 0.375rem 0.5rem; border-top: 1px solid var(--line); vertical-align: top; }
    th { color: var(--muted); font-weight: 600; }
    .table { overflow-x: auto; }
    caption { text-align: start; font-weight: 600; padding-bottom: 0.25rem; }
  `];

  declare private _partners: Partner[] | Failure | null;
  declare private _open: string | null;
  declare private _consents: Consents | null;

  constructor() {
    super();
    this._partners = null;
    this._open = null;
    this._consents = null;
  }

  private get _t() { return partnersMessages[this.lang]; }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this._partners === null) void this._load();
  }

  private async _load() {
    try {
      // A tenant has a few partners: every page at once.
      const all: Partner[] = [];
      let cursor: string | null = null;
      do {
        const page: PartnerPage = await api<PartnerPage>(`/v1/partners?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        all.push(...page.data);
        cursor = page.nextCursor;
      } while (cursor);
      this._partners = all;
    } catch (error) {
      this._partners = this._explain(error);
    }
  }

  private async _toggle(id: string) {
    if (this._open === id) { this._open = null; this._consents = null; return; }
    this._open = id;
    this._consents = { rows: [], next: null, loading: true, error: null };
    await this._more(id, null);
  }

  private async _more(id: string, cursor: string | null) {
    const shown = this._consents ?? { rows: [], next: null, loading: true, error: null };
    this._consents = { ...shown, loading: true, error: null };
    try {
      const page = await api<PartnerConsentPage>(`/v1/partners/${encodeURIComponent(id)}/consents?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      if (this._open !== id) return;
      this._consents = { rows: [...shown.rows, ...page.data], next: page.nextCursor, loading: false, error: null };
    } catch (error) {
      if (this._open === id) this._consents = { ...shown, loading: false, error: this._explain(error) };
    }
  }

  private _consentTable(p: Partner) {
    const t = this._t;
    const c = this._consents;
    if (!c) return nothing;
    const name = pick(p.name, this.lang);
    return html`<div id="consents-${p.id}">
      ${c.rows.length ? html`<div class="table"><table>
        <caption>${t.consentsOf(name)}</caption>
        <thead><tr><th scope="col">${t.member}</th><th scope="col">${t.granted}</th><th scope="col">${t.version}</th><th scope="col">${t.status}</th></tr></thead>
        <tbody>${c.rows.map((r) => html`<tr>
          <td>${r.memberName}</td><td>${formatDate(r.grantedAt, this.lang)}</td><td>${r.consentVersion}</td>
          <td>${r.withdrawnAt === null ? html`<span class="badge ok">${t.active}</span>`
            : html`<span class="badge plain">${t.withdrawnAt(formatDate(r.withdrawnAt, this.lang))}</span>`}</td>
        </tr>`)}</tbody>
      </table></div>` : c.loading ? nothing : html`<p>${t.noConsents}</p>`}
      <p class="status" role="status">${c.loading ? this._c.loading : ''}</p>
      ${c.error ? html`<p class="notice bad" role="alert">${c.error(this.lang)}</p>` : nothing}
      ${c.next && !c.loading ? html`<div class="more"><button type="button" class="button" @click=${() => this._more(p.id, c.next)}>${this._c.loadMore}</button></div>` : nothing}
    </div>`;
  }

  override render() {
    const t = this._t;
    const partners = this._partners;
    return html`<section aria-labelledby="partners-title">
      <h2 id="partners-title">${t.title}</h2>
      <p class="intro">${t.intro}</p>
      ${partners === null ? html`<p role="status">${this._c.loading}</p>`
        : typeof partners === 'function' ? html`<p class="notice bad" role="alert">${partners(this.lang)}</p>`
        : !partners.length ? html`<p>${t.none}</p>`
        : html`<ul class="rows">${partners.map((p) => html`<li class="card partner">
            <div class="head">
              <h3>${pick(p.name, this.lang)}</h3>
              <div class="counts">
                <span class="badge ok">${t.consented(p.consented, p.countsCapped)}</span>
                <span class="badge plain">${t.withdrawn(p.withdrawn, p.countsCapped)}</span>
              </div>
            </div>
            <div><button type="button" class="button quiet" aria-expanded=${this._open === p.id ? 'true' : 'false'}
              aria-controls=${this._open === p.id ? `consents-${p.id}` : nothing}
              @click=${() => this._toggle(p.id)}>${this._open === p.id ? t.hide : t.show}</button></div>
            ${this._open === p.id ? this._consentTable(p) : nothing}
          </li>`)}</ul>`}
    </section>`;
  }
}

customElements.define('console-partners', ConsolePartners);
