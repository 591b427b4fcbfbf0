// <console-not-reported>: 未报到. The members of the acting role's scope, or of a town, village,
// committee or branch picked from the roster trees, who have not checked in since a date (1 January
// this year by default): GET /v1/members/not-reported?since=&node=&format=json, page after page
// (each page looks through the next 100 members of the scope, so it may list few or none), and
// the whole list as .xlsx or CSV (format=xlsx|csv), saved under the name the server gives it.
import { css, html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { NotReportedPage, StaffMember } from '../../../schema/members.ts';
import { download } from '../download.ts';
import { pick, type Lang } from '../i18n.ts';
import { sidesOf } from '../roles.ts';
import { dayStart, formatDateTime, isoDate, ScreenElement, screenStyles } from '../screen.ts';
import { sparsePages } from '../sparse-pages.ts';
import { base } from '../styles.ts';
import { type NodePicked } from '../tree/tree.ts';
import '../tree/tree.ts';
import { notReportedMessages } from './messages.ts';

type Format = 'xlsx' | 'csv';

export class ConsoleNotReported extends ScreenElement {
  static override properties = {
    _since: { state: true }, _node: { state: true }, _picking: { state: true }, _rows: { state: true }, _next: { state: true },
    _loading: { state: true }, _error: { state: true }, _problem: { state: true }, _downloading: { state: true }, _notice: { state: true },
  };
  static override styles = [base, screenStyles, css`
    .intro { color: var(--muted); margin-bottom: 1rem; }
    .filters { padding: 0.875rem 1rem; display: grid; gap: 1rem; }
    @media (min-width: 48rem) { .filters { grid-template-columns: minmax(12rem, 16rem) minmax(0, 1fr); align-items: start; } }
    .scope-now { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem; }
    .scope-now strong { flex: 1 1 100%; overflow-wrap: anywhere; }
    @media (min-width: 48rem) { .scope-now strong { flex: 0 1 auto; } }
    .picker { grid-column: 1 / -1; display: grid; gap: 0.5rem; padding: 0.5rem; border: 1px solid var(--line); border-radius: var(--radius); }
    .picker h3 { color: var(--muted); padding: 0 0.5rem; }
    @media (min-width: 64rem) { .picker.two { grid-template-columns: 1fr 1fr; } }
    .downloads { margin: 1rem 0 0; display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem; }
    .downloads .label { flex: 1 1 100%; }
    .downloads .button { flex: 1 1 10rem; }
    @media (min-width: 48rem) { .downloads .label { flex: none; margin-inline-end: 0.5rem; } .downloads .button { flex: none; } }
    .row { padding: 0.625rem 0.875rem; display: grid; gap: 0.25rem; }
    .row .top { display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.25rem 0.75rem; }
    .row .meta { color: var(--muted); font-size: 0.875rem; overflow-wrap: anywhere; }
    @media (min-width: 64rem) { .rows { grid-template-columns: repeat(2, minmax(0, 1fr)); } }
  `];

  /** `YYYY-MM-DD`, Shanghai. */
  declare private _since: string;
  declare private _node: NodePicked | null;
  declare private _picking: boolean;
  declare private _rows: StaffMember[];
  declare private _next: string | null;
  declare private _loading: 'all' | 'more' | null;
  declare private _error: ((lang: Lang) => string) | null;
  /** The date is missing or not a date. */
  declare private _problem: boolean;
  declare private _downloading: Format | null;
  declare private _notice: ((lang: Lang) => string) | null;
  private _generation = 0;

  constructor() {
    super();
    this._since = `${isoDate(Date.now()).slice(0, 4)}-01-01`;
    this._node = null;
    this._picking = false;
    this._rows = [];
    this._next = null;
    this._loading = null;
    this._error = null;
    this._problem = false;
    this._downloading = null;
    this._notice = null;
  }

  private get _t() { return notReportedMessages[this.lang]; }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this._generation === 0) void this._load(true);
  }

  /** since and node as the API takes them; null if the date is not one. */
  private _query(): URLSearchParams | null {
    const since = dayStart(this._since);
    if (Number.isNaN(since)) return null;
    const query = new URLSearchParams({ since: String(since) });
    if (this._node) query.set('node', this._node.node.id);
    return query;
  }

  private async _load(reset: boolean) {
    const query = this._query();
    this._problem = query === null;
    if (!query) return;
    const generation = reset ? ++this._generation : this._generation;
    this._loading = reset ? 'all' : 'more';
    this._error = null;
    if (reset) {
      this._rows = [];
      this._next = null;
    }
    query.set('format', 'json');
    try {
      for await (const page of sparsePages<NotReportedPage['data'][number]>('/v1/members/not-reported', query, reset ? null : this._next)) {
        if (generation !== this._generation) return;
        this._rows = [...this._rows, ...page.data];
        this._next = page.nextCursor;
      }
    } catch (error) {
      if (generation === this._generation) this._error = this._explain(error);
    } finally {
      if (generation === this._generation) this._loading = null;
    }
  }

  private _pickNode(picked: NodePicked | null) {
    this._node = picked;
    this._picking = false;
    void this._load(true);
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#choose')?.focus());
  }

  private async _download(format: Format) {
    const query = this._query();
    this._problem = query === null;
    if (!query || this._downloading) return;
    query.set('format', format);
    this._downloading = format;
    this._notice = null;
    try {
      const name = await download(`/v1/members/not-reported?${query}`, `not-reported.${format}`);
      this._notice = (lang) => notReportedMessages[lang].downloaded(name);
    } catch (error) {
      this._error = this._explain(error);
    } finally {
      this._downloading = null;
    }
  }

  private _row(m: StaffMember) {
    const c = this._c;
    const t = this._t;
    return html`<li class="row card">
      <p class="top"><strong>${m.name}</strong><a class="tel" href="tel:${m.mobile}">${m.mobile}</a><span class="badge plain">${c.categories[m.category]}</span></p>
      <p class="meta">${t.homeUnit}${c.sep}${pick(m.homeUnit.name, this.lang)} · ${t.hostBranch}${c.sep}${m.hostBranch ? pick(m.hostBranch.name, this.lang) : c.noBranch}</p>
      <p class="meta">${t.lastCheckIn}${c.sep}${m.lastCheckInAt ? formatDateTime(m.lastCheckInAt, this.lang) : c.never}</p>
    </li>`;
  }

  override render() {
    const c = this._c;
    const t = this._t;
    const sides = sidesOf(this.acting.role);
    const scopeName = this.acting.scopeNode ? pick(this.acting.scopeNode.name, this.lang) : t.wholeTenant;
    const busy = this._loading !== null;
    return html`
      <h1>${t.title}</h1>
      <p class="intro">${t.intro}</p>
      <section class="filters card" aria-label=${t.picker}>
        <div class="field">
          <label for="since">${t.since}</label>
          <input id="since" class="input" type="date" required .value=${this._since} aria-describedby="since-hint since-problem"
            aria-invalid=${this._problem ? 'true' : 'false'}
            @change=${(e: Event) => { this._since = (e.target as HTMLInputElement).value; void this._load(true); }}>
          <p id="since-hint" class="hint">${t.sinceHint}</p>
          <p id="since-problem" class="error" role="alert">${this._problem ? t.sinceMissing : ''}</p>
        </div>
        <div class="field">
          <span class="label" id="scope-label">${t.scope}</span>
          <div class="scope-now">
            <strong id="scope-now">${this._node
              ? t.node(pick(this._node.node.name, this.lang), c.kinds[this._node.node.kind]) : t.wholeScope(scopeName)}</strong>
            <button type="button" id="choose" class="button quiet" aria-expanded=${this._picking ? 'true' : 'false'} aria-controls="picker"
              @click=${() => { this._picking = !this._picking; }}>${this._picking ? t.close : t.choose}</button>
            ${this._node ? html`<button type="button" class="button quiet" @click=${() => this._pickNode(null)}>${t.reset}</button>` : nothing}
          </div>
        </div>
        <div id="picker" class="picker ${sides.length > 1 ? 'two' : ''}" ?hidden=${!this._picking}>
          ${this._picking ? sides.map((side) => html`<div><h3>${side === 'home' ? t.home : t.host}</h3>
            <console-tree .lang=${this.lang} side=${side} .label=${side === 'home' ? t.home : t.host}
              .selected=${this._node?.side === side ? this._node.node.id : null}
              @console-node=${(e: CustomEvent<NodePicked>) => this._pickNode(e.detail)}></console-tree></div>`) : nothing}
        </div>
      </section>
      <div class="downloads" role="group" aria-labelledby="download-label">
        <span class="label" id="download-label">${t.download}</span>
        <button type="button" class="button" ?disabled=${this._downloading !== null} @click=${() => this._download('xlsx')}>${this._downloading === 'xlsx' ? t.downloading : t.xlsx}</button>
        <button type="button" class="button" ?disabled=${this._downloading !== null} @click=${() => this._download('csv')}>${this._downloading === 'csv' ? t.downloading : t.csv}</button>
      </div>
      <div class="status" role="status">
        ${this._notice ? html`<p class="notice">${this._notice(this.lang)}</p>` : nothing}
        ${this._loading === 'all' ? html`<p>${t.checking}</p>`
          : this._error || this._problem ? nothing
          : !this._rows.length && !this._next ? html`<p>${t.none}</p>`
          : html`<p class="hint">${t.listed(this._rows.length, this._next !== null)}</p>`}
      </div>
      ${this._error ? html`<p class="notice bad" role="alert">${this._error(this.lang)}</p>` : nothing}
      <ol class="rows" aria-label=${t.list}>${repeat(this._rows, (m) => m.id, (m) => this._row(m))}</ol>
      ${this._next ? html`<div class="more"><button type="button" class="button" ?disabled=${busy}
        @click=${() => this._load(false)}>${this._loading === 'more' ? c.loadingMore : c.loadMore}</button></div>` : nothing}
    `;
  }
}

customElements.define('console-not-reported', ConsoleNotReported);
