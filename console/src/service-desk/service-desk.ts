// <console-service-desk>: 服务需求. The service requests in the acting role's scope (GET
// /v1/service-requests, newest or oldest first, filtered by status and category, 20 a page), each marked
// overdue as overdue.ts says. Choosing one opens <console-request-detail> beside the
// list (on a phone, instead of it), where it is assigned, noted, resolved or closed.
import { css, html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { StaffServiceRequest, ServiceRequestPage } from '../../../schema/service-requests.ts';
import { api } from '../api.ts';
import { pick, type Lang } from '../i18n.ts';
import { formatDate, ScreenElement, screenStyles } from '../screen.ts';
import { base } from '../styles.ts';
import { serviceDeskMessages } from './messages.ts';
import { OVERDUE_DAYS, overdueDays, statusBadge } from './overdue.ts';
import './request-detail.ts';

type Status = StaffServiceRequest['status'];
type Category = StaffServiceRequest['category'];
type Order = 'newest' | 'oldest';

const PAGE_SIZE = 20;
// From the words' tables (a Record of every value, so none is left out), not schema/tables.ts,
// which would bring drizzle into the chunk.
const keys = <K extends string>(words: Record<K, string>) => Object.keys(words) as K[];

export class ConsoleServiceDesk extends ScreenElement {
  static override properties = {
    _status: { state: true }, _category: { state: true }, _order: { state: true }, _requests: { state: true }, _next: { state: true },
    _loading: { state: true }, _error: { state: true }, _selected: { state: true },
  };
  static override styles = [base, screenStyles, css`
    .intro { color: var(--muted); margin-bottom: 1rem; }
    .filters { display: grid; gap: 0.75rem; margin-bottom: 0.5rem; }
    @media (min-width: 30rem) { .filters { grid-template-columns: 1fr 1fr; max-width: 36rem; } }
    @media (min-width: 48rem) { .filters { grid-template-columns: repeat(3, 1fr); max-width: 54rem; } }
    .layout { display: grid; gap: 1rem; align-items: start; }
    @media (min-width: 64rem) { .layout.open { grid-template-columns: minmax(0, 5fr) minmax(0, 6fr); } }
    @media (max-width: 63.99rem) { .layout.open .list { display: none; } }
    article { padding: 0.75rem 1rem; display: grid; gap: 0.375rem; }
    article.late { border-inline-start: 6px solid var(--danger); }
    article[aria-current='true'] { outline: 3px solid var(--accent); outline-offset: -1px; }
    .head { display: flex; flex-wrap: wrap; align-items: center; gap: 0.25rem 0.5rem; }
    .ref { font-variant-numeric: tabular-nums; font-weight: 700; }
    .meta { color: var(--muted); font-size: 0.875rem; }
    .desc { overflow-wrap: anywhere; display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden; }
    .open-button { justify-self: start; }
  `];

  declare private _status: Status | '';
  declare private _category: Category | '';
  declare private _order: Order;
  declare private _requests: StaffServiceRequest[];
  declare private _next: string | null;
  declare private _loading: 'all' | 'more' | null;
  declare private _error: ((lang: Lang) => string) | null;
  declare private _selected: string | null;
  private _generation = 0;

  constructor() {
    super();
    this._status = '';
    this._category = '';
    this._order = 'newest';
    this._requests = [];
    this._next = null;
    this._loading = null;
    this._error = null;
    this._selected = null;
  }

  private get _t() { return serviceDeskMessages[this.lang]; }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this._generation === 0) void this._load(true);
  }

  private async _load(reset: boolean) {
    const generation = reset ? ++this._generation : this._generation;
    this._loading = reset ? 'all' : 'more';
    this._error = null;
    if (reset) {
      this._requests = [];
      this._next = null;
    }
    const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
    if (this._status) query.set('status', this._status);
    if (this._category) query.set('category', this._category);
    if (this._order === 'oldest') query.set('order', 'oldest');
    if (!reset && this._next) query.set('cursor', this._next);
    try {
      const page = await api<ServiceRequestPage>(`/v1/service-requests?${query}`);
      if (generation !== this._generation) return;
      // Staff always get the staff view; the partner view never reaches this screen.
      const rows = page.data.filter((r): r is StaffServiceRequest => r.view === 'staff');
      const known = new Set(this._requests.map((r) => r.id));
      this._requests = [...this._requests, ...rows.filter((r) => !known.has(r.id))];
      this._next = page.nextCursor;
    } catch (error) {
      if (generation === this._generation) this._error = this._explain(error);
    } finally {
      if (generation === this._generation) this._loading = null;
    }
  }

  private _filter(e: Event, which: 'status' | 'category' | 'order') {
    const value = (e.target as HTMLSelectElement).value;
    if (which === 'status') this._status = value as Status | '';
    else if (which === 'category') this._category = value as Category | '';
    else this._order = value as Order;
    void this._load(true);
  }

  private async _choose(id: string | null) {
    const was = this._selected;
    this._selected = id;
    await this.updateComplete;
    if (id) this.renderRoot.querySelector<HTMLElement>('console-request-detail')?.focus();
    else if (was) this.renderRoot.querySelector<HTMLElement>(`article[data-id="${CSS.escape(was)}"] .open-button`)?.focus();
  }

  /** The detail changed a request: the list shows it as it is now. */
  private _changed(r: StaffServiceRequest) {
    this._requests = this._requests.map((x) => (x.id === r.id ? r : x));
  }

  private _row(r: StaffServiceRequest) {
    const t = this._t;
    const lang = this.lang;
    const late = overdueDays(r);
    const heading = `h-${r.id}`;
    return html`<li><article class=${late === null ? 'card' : 'card late'} data-id=${r.id} aria-labelledby=${heading}
      aria-current=${r.id === this._selected ? 'true' : 'false'}>
      <div class="head">
        <h2 id=${heading}><span class="ref">${r.reference}</span> · ${t.categories[r.category]}</h2>
        <span class="badge ${statusBadge(r.status)}">${t.statuses[r.status]}</span>
        ${late === null ? nothing : html`<span class="badge bad">${t.overdueFor(late)}</span>`}
      </div>
      <p class="meta">${t.filed}${this._c.sep}${formatDate(r.createdAt, lang)} · ${r.member.name} · ${pick(r.routedTo.name, lang)}</p>
      ${r.description ? html`<p class="desc">${r.description}</p>` : nothing}
      <button type="button" class="button quiet open-button" aria-expanded=${r.id === this._selected ? 'true' : 'false'}
        @click=${() => this._choose(r.id === this._selected ? null : r.id)}>${t.details(r.reference)}</button>
    </article></li>`;
  }

  override render() {
    const t = this._t;
    const c = this._c;
    const selected = this._selected;
    return html`
      <h1>${t.title}</h1>
      <p class="intro">${t.intro(OVERDUE_DAYS)}</p>
      <div class="filters">
        <div class="field"><label for="status">${t.status}</label>
          <select id="status" class="input" @change=${(e: Event) => this._filter(e, 'status')}>
            <option value="">${t.anyStatus}</option>
            ${keys(t.statuses).map((s) => html`<option value=${s} ?selected=${s === this._status}>${t.statuses[s]}</option>`)}
          </select></div>
        <div class="field"><label for="category">${t.category}</label>
          <select id="category" class="input" @change=${(e: Event) => this._filter(e, 'category')}>
            <option value="">${t.anyCategory}</option>
            ${keys(t.categories).map((s) => html`<option value=${s} ?selected=${s === this._category}>${t.categories[s]}</option>`)}
          </select></div>
        <div class="field"><label for="order">${t.order}</label>
          <select id="order" class="input" @change=${(e: Event) => this._filter(e, 'order')}>
            ${keys(t.orders).map((o) => html`<option value=${o} ?selected=${o === this._order}>${t.orders[o]}</option>`)}
          </select></div>
      </div>
      <div id="list-status" class="status" tabindex="-1" role="status">
        ${this._loading === 'all' ? html`<p>${c.loading}</p>`
          : this._error ? nothing
          : !this._requests.length ? html`<p>${t.empty}</p>`
          : html`<p class="hint">${t.loaded(this._requests.length, this._next !== null, this._order)}</p>`}
      </div>
      ${this._error ? html`<p class="notice bad" role="alert">${this._error(this.lang)}</p>` : nothing}
      <div class=${selected ? 'layout open' : 'layout'}>
        <div class="list">
          <ol class="rows" aria-label=${t.list}>${repeat(this._requests, (r) => r.id, (r) => this._row(r))}</ol>
          ${this._next ? html`<div class="more"><button type="button" class="button" ?disabled=${this._loading !== null}
            @click=${() => this._load(false)}>${this._loading === 'more' ? c.loadingMore : c.loadMore}</button></div>` : nothing}
        </div>
        ${selected ? html`<console-request-detail tabindex="-1" .lang=${this.lang} .acting=${this.acting} .requestId=${selected}
          @desk-changed=${(e: CustomEvent<StaffServiceRequest>) => this._changed(e.detail)}
          @desk-back=${() => this._choose(null)}></console-request-detail>` : nothing}
      </div>
    `;
  }
}

customElements.define('console-service-desk', ConsoleServiceDesk);
