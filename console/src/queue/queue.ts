// <console-queue>: the check-ins waiting for a decision (待确认), newest first, 50 at a time
// (GET /v1/check-ins?status=pending, with `q` while searching). Each is confirmed (POST …/confirm),
// rejected with a reason (…/reject) or returned for changes saying what to correct (…/return), one
// by one or the selected ones together; a decided check-in leaves the list and focus moves to the
// next, so a secretary can go down the list. A 409 means someone else decided first: the check-in
// leaves the list too. Each shows its history of decisions (…/history) on demand.
import { css, html, LitElement, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { CheckIn, CheckInHistory, CheckInPage } from '../../../schema/check-ins.ts';
import { accountMessages } from '../account/messages.ts';
import { api, ApiError, newIdempotencyKey } from '../api.ts';
import { pick, type Lang } from '../i18n.ts';
import { formatDateTime } from '../screen.ts';
import { base } from '../styles.ts';
import { queueMessages } from './messages.ts';

type Words = (typeof queueMessages)['en'];

const PAGE_SIZE = 50;
const REASON_MAX = 200;
/** The server searches from 2 characters on; typing pauses this long before it asks. */
const SEARCH_MIN = 2;
const SEARCH_DELAY_MS = 300;

type ReasonKind = 'reject' | 'return';
type Decision = { kind: 'confirm' } | { kind: ReasonKind; reason: string };
/** How a decision ended: done (confirmed, rejected, returned), this side agreed and waits for the other, or the item is gone. */
type Outcome = 'confirmed' | 'rejected' | 'returned' | 'waiting' | 'elsewhere' | 'gone' | 'failed';
/** The reason form open: for one check-in, or (`id` null) for the selected ones. */
type ReasonForm = { id: string | null; kind: ReasonKind };
type History = CheckInHistory['data'] | 'loading' | { error: string };

export class ConsoleQueue extends LitElement {
  static override properties = {
    lang: {}, grant: {},
    _items: { state: true }, _next: { state: true }, _loading: { state: true }, _error: { state: true },
    _query: { state: true }, _selected: { state: true }, _busy: { state: true }, _itemErrors: { state: true },
    _reasonForm: { state: true }, _reason: { state: true }, _reasonProblem: { state: true },
    _progress: { state: true }, _notice: { state: true }, _search: { state: true }, _histories: { state: true },
  };
  static override styles = [base, css`
    :host { --gap: 0.75rem; }
    .tools { display: flex; flex-wrap: wrap; align-items: end; gap: var(--gap); }
    .tools .refresh { margin-inline-start: auto; }
    .search-hint { margin: 0.375rem 0 var(--gap); }
    .search { flex: 1 1 100%; }
    @media (min-width: 40rem) { .search { flex: 1 1 16rem; } .tools .refresh { margin-inline-start: 0; } }
    .select-all { display: inline-flex; align-items: center; gap: 0.5rem; min-height: 2.75rem; cursor: pointer; }
    input[type='checkbox'] { width: 1.375rem; height: 1.375rem; accent-color: var(--accent); flex: none; }
    .status { margin: 0 0 var(--gap); }
    ol { list-style: none; margin: 0; padding: 0; display: grid; gap: var(--gap); }
    @media (min-width: 64rem) { ol { grid-template-columns: repeat(2, minmax(0, 1fr)); } }
    article { padding: 0.875rem 1rem; display: grid; gap: 0.625rem; height: 100%; align-content: start; }
    article:focus { outline: 3px solid var(--focus); outline-offset: 2px; }
    .head { display: flex; align-items: center; gap: 0.625rem; flex-wrap: wrap; }
    .head label { display: inline-flex; padding: 0.7rem; margin: -0.7rem; cursor: pointer; }
    h2 { margin: 0; font-size: 1.125rem; line-height: 1.3; flex: 1 1 auto; }
    .ref { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.875rem; color: var(--muted); }
    .line { display: flex; flex-wrap: wrap; align-items: center; gap: 0.375rem 0.625rem; margin: 0; }
    .line a { color: inherit; font-variant-numeric: tabular-nums; }
    .badge { display: inline-block; padding: 0.125rem 0.5rem; border-radius: 999px; font-size: 0.8125rem; font-weight: 600; }
    .badge.ok { background: var(--ok-bg); color: var(--ok); }
    .badge.warn { background: var(--warn-bg); color: var(--warn); }
    .warning { margin: 0; padding: 0.375rem 0.625rem; border-radius: var(--radius); background: var(--warn-bg); color: var(--warn); font-weight: 600; }
    dl { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 0.25rem 0.75rem; margin: 0; font-size: 0.9375rem; }
    dt { color: var(--muted); }
    dd { margin: 0; overflow-wrap: anywhere; }
    .actions { display: flex; flex-wrap: wrap; gap: 0.5rem; }
    .actions .button { flex: 1 1 7rem; }
    .reject { display: grid; gap: 0.5rem; padding: 0.75rem; border-radius: var(--radius); background: var(--page); }
    textarea.input { min-height: 4.5rem; resize: vertical; }
    .presets { display: flex; flex-wrap: wrap; gap: 0.375rem; }
    .preset {
      min-height: 2.75rem; padding: 0.25rem 0.75rem; border-radius: 999px; border: 1px solid var(--line-strong);
      background: var(--surface); cursor: pointer; font-size: 0.875rem; text-align: start;
    }
    .more { display: flex; justify-content: center; margin-top: 1rem; }
    .more .button { min-width: 12rem; }
    .batch {
      position: sticky; bottom: 0; z-index: 1; margin-top: 1rem; padding: 0.5rem 0.75rem; display: grid; gap: 0.5rem;
      background: var(--surface); border: 1px solid var(--line-strong); border-radius: var(--radius);
      box-shadow: 0 -4px 12px rgb(0 0 0 / 0.08);
    }
    .batch .row { display: flex; flex-wrap: wrap; align-items: center; gap: 0.375rem 0.5rem; }
    .batch .count { flex: 1 1 100%; margin: 0; font-weight: 600; }
    .batch .row .button { flex: 1 1 auto; }
    @media (min-width: 40rem) { .batch .count { flex: 1 1 auto; } .batch .row .button { flex: none; } }
    .history { margin: 0; padding: 0.5rem 0.75rem; border-radius: var(--radius); background: var(--page); font-size: 0.9375rem; }
    .history ol { gap: 0.375rem; grid-template-columns: none; }
    .history time { color: var(--muted); font-variant-numeric: tabular-nums; margin-inline-end: 0.5rem; }
    .link { background: none; border: 0; padding: 0.5rem 0; min-height: 2.75rem; color: var(--accent); text-decoration: underline; cursor: pointer; justify-self: start; font: inherit; }
  `];

  declare lang: Lang;
  /** The acting grant's id: a change reloads the list. */
  declare grant: string;
  declare private _items: CheckIn[];
  declare private _next: string | null;
  declare private _loading: 'all' | 'more' | null;
  declare private _error: string;
  declare private _query: string;
  /** The search the list shows (`q`), or '' for the whole queue. */
  declare private _search: string;
  /** Each opened history, by check-in id. */
  declare private _histories: Readonly<Record<string, History>>;
  declare private _selected: ReadonlySet<string>;
  declare private _busy: ReadonlySet<string>;
  declare private _itemErrors: Readonly<Record<string, string>>;
  declare private _reasonForm: ReasonForm | null;
  declare private _reason: string;
  declare private _reasonProblem: string;
  declare private _progress: string;
  /** What the last action did, in the words of the language shown (it may change meanwhile). */
  declare private _notice: ((t: Words) => string) | null;
  /** One Idempotency-Key per check-in and decision until the server answers it: a retry after a network error reuses it. */
  private _keys = new Map<string, string>();
  private _generation = 0;
  private _searchTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super();
    this.lang = 'zh-CN';
    this.grant = '';
    this._items = [];
    this._next = null;
    this._loading = null;
    this._error = '';
    this._query = '';
    this._search = '';
    this._histories = {};
    this._selected = new Set();
    this._busy = new Set();
    this._itemErrors = {};
    this._reasonForm = null;
    this._reason = '';
    this._reasonProblem = '';
    this._progress = '';
    this._notice = null;
  }

  private get _t() { return queueMessages[this.lang]; }

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('grant')) void this._load(true);
  }

  /** The shell's tab shows how many are loaded (待确认 (12+)); a search's matches are not the queue. */
  override updated(changed: Map<PropertyKey, unknown>): void {
    if ((changed.has('_items') || changed.has('_next')) && this._loading !== 'all' && !this._search) {
      this.dispatchEvent(new CustomEvent('console-count', { detail: { n: this._items.length, more: this._next !== null }, bubbles: true, composed: true }));
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this._searchTimer);
  }

  /** Searches the server once typing pauses: from 2 characters, or the whole queue again when cleared. */
  private _typed(value: string) {
    this._query = value;
    clearTimeout(this._searchTimer);
    const q = value.trim();
    const search = q.length >= SEARCH_MIN ? q : '';
    if (search === this._search) return;
    this._searchTimer = setTimeout(() => {
      this._search = search;
      void this._load(true);
    }, SEARCH_DELAY_MS);
  }

  private _signedOut() {
    this.dispatchEvent(new CustomEvent('console-signed-out', { detail: { reason: 'expired' }, bubbles: true, composed: true }));
  }

  private _message(error: unknown): string {
    return error instanceof ApiError && error.status ? this._t.failed(error.message) : this._t.network;
  }

  private async _load(reset: boolean) {
    const generation = reset ? ++this._generation : this._generation;
    this._loading = reset ? 'all' : 'more';
    this._error = '';
    if (reset) {
      this._items = [];
      this._next = null;
      this._selected = new Set();
      this._itemErrors = {};
      this._reasonForm = null;
      this._histories = {};
    }
    const query = new URLSearchParams({ status: 'pending', limit: String(PAGE_SIZE) });
    if (this._search) query.set('q', this._search);
    if (!reset && this._next) query.set('cursor', this._next);
    try {
      const page = await api<CheckInPage>(`/v1/check-ins?${query}`);
      if (generation !== this._generation) return; // the grant changed meanwhile
      const known = new Set(this._items.map((i) => i.id));
      this._items = [...this._items, ...page.data.filter((i) => !known.has(i.id))];
      this._next = page.nextCursor;
      const count = this._items.length;
      this._notice = reset ? null : (t) => t.loaded(count);
    } catch (error) {
      if (generation !== this._generation) return;
      if (error instanceof ApiError && error.status === 401) return this._signedOut();
      this._error = this._message(error);
    } finally {
      if (generation === this._generation) this._loading = null;
    }
  }

  /** Sends one decision; the item leaves the list unless it failed (its error is then shown on it). */
  private async _decide(item: CheckIn, decision: Decision): Promise<Outcome> {
    const keyName = `${item.id}:${decision.kind}`;
    const key = this._keys.get(keyName) ?? newIdempotencyKey();
    this._keys.set(keyName, key);
    this._busy = new Set([...this._busy, item.id]);
    this._itemErrors = { ...this._itemErrors, [item.id]: '' };
    let outcome: Outcome;
    try {
      const decided = await api<CheckIn>(`/v1/check-ins/${encodeURIComponent(item.id)}/${decision.kind}`, {
        method: 'POST', headers: { 'Idempotency-Key': key },
        body: decision.kind === 'confirm' ? undefined : { reason: decision.reason },
      });
      outcome = decided.status === 'pending' ? 'waiting' : decided.status;
      this._keys.delete(keyName);
    } catch (error) {
      if (error instanceof ApiError && error.status !== 0) this._keys.delete(keyName);
      if (error instanceof ApiError && error.status === 401) {
        this._signedOut();
        throw error;
      }
      if (error instanceof ApiError && error.status === 409) outcome = 'elsewhere';
      else if (error instanceof ApiError && error.status === 404) outcome = 'gone';
      else {
        outcome = 'failed';
        const text = error instanceof ApiError && error.status === 403 ? this._t.forbidden : this._message(error);
        this._itemErrors = { ...this._itemErrors, [item.id]: text };
      }
    } finally {
      const busy = new Set(this._busy);
      busy.delete(item.id);
      this._busy = busy;
    }
    if (outcome !== 'failed') this._remove(item.id);
    return outcome;
  }

  private _remove(id: string) {
    this._items = this._items.filter((i) => i.id !== id);
    if (this._selected.has(id)) {
      const selected = new Set(this._selected);
      selected.delete(id);
      this._selected = selected;
    }
    if (this._reasonForm?.id === id) this._reasonForm = null;
  }

  private static _say(t: Words, outcome: Outcome, ref: string): string {
    switch (outcome) {
      case 'confirmed': return t.confirmed(ref);
      case 'rejected': return t.rejected(ref);
      case 'returned': return t.returned(ref);
      case 'waiting': return t.waiting(ref);
      case 'elsewhere': return t.elsewhere(ref);
      case 'gone': return t.gone(ref);
      case 'failed': return '';
    }
  }

  /** Decide one, then put focus on the check-in that took its place (or the last, or the list's status). */
  private async _decideOne(item: CheckIn, decision: Decision) {
    const position = this._items.findIndex((i) => i.id === item.id);
    let outcome: Outcome;
    try {
      outcome = await this._decide(item, decision);
    } catch {
      return;
    }
    if (outcome === 'failed') return;
    this._notice = (t) => ConsoleQueue._say(t, outcome, item.reference);
    await this.updateComplete;
    this._focusAt(position);
  }

  private _focusAt(position: number) {
    const visible = this._items;
    const next = visible[Math.min(position, visible.length - 1)];
    const target = next
      ? this.renderRoot.querySelector<HTMLElement>(`article[data-id="${CSS.escape(next.id)}"]`)
      : this.renderRoot.querySelector<HTMLElement>('#list-status');
    target?.focus();
  }

  private _openReason(form: ReasonForm) {
    this._reasonForm = form;
    this._reason = '';
    this._reasonProblem = '';
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLTextAreaElement>('#reason')?.focus());
  }

  private _closeReason() {
    const form = this._reasonForm;
    this._reasonForm = null;
    this._reasonProblem = '';
    void this.updateComplete.then(() => {
      const back = form?.id
        ? this.renderRoot.querySelector<HTMLElement>(`article[data-id="${CSS.escape(form.id)}"] .${form.kind}-open`)
        : this.renderRoot.querySelector<HTMLElement>(`#batch-${form?.kind ?? 'reject'}`);
      back?.focus();
    });
  }

  /** Opens or closes a check-in's history, loading it on first opening. */
  private async _toggleHistory(item: CheckIn) {
    if (item.id in this._histories) {
      const { [item.id]: _, ...rest } = this._histories;
      this._histories = rest;
      return;
    }
    this._histories = { ...this._histories, [item.id]: 'loading' };
    let shown: History;
    try {
      shown = (await api<CheckInHistory>(`/v1/check-ins/${encodeURIComponent(item.id)}/history`)).data;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return this._signedOut();
      shown = { error: this._message(error) };
    }
    if (item.id in this._histories) this._histories = { ...this._histories, [item.id]: shown };
  }

  /** The reason typed, or null (and the problem shown) if it is not 1–200 characters. */
  private _validReason(kind: ReasonKind): string | null {
    const reason = this._reason.trim();
    if (reason.length < 1 || reason.length > REASON_MAX) {
      this._reasonProblem = this._t[kind].missing;
      this.renderRoot.querySelector<HTMLTextAreaElement>('#reason')?.focus();
      return null;
    }
    return reason;
  }

  /** The open reason form sent: for its check-in, or for the selected ones. */
  private _submitReason(e: Event, form: ReasonForm, item?: CheckIn) {
    e.preventDefault();
    const reason = this._validReason(form.kind);
    if (reason === null) return;
    if (item) void this._decideOne(item, { kind: form.kind, reason });
    else void this._batch({ kind: form.kind, reason });
  }

  private _toggle(id: string, on: boolean) {
    const selected = new Set(this._selected);
    if (on) selected.add(id);
    else selected.delete(id);
    this._selected = selected;
  }

  private _selectAll(on: boolean) {
    this._selected = on ? new Set(this._items.map((i) => i.id)) : new Set();
  }

  /** The selected check-ins that are shown: a batch acts on what the search leaves visible. */
  private get _batchItems(): CheckIn[] {
    return this._items.filter((i) => this._selected.has(i.id));
  }

  private async _batch(decision: Decision) {
    const items = this._batchItems;
    if (!items.length || this._progress) return;
    const tally = { confirmed: 0, rejected: 0, returned: 0, waiting: 0, elsewhere: 0, failed: 0 };
    this._notice = null;
    let done = 0;
    for (const item of items) {
      this._progress = this._t.progress(done, items.length);
      let outcome: Outcome;
      try {
        outcome = await this._decide(item, decision);
      } catch {
        this._progress = '';
        return; // signed out
      }
      tally[outcome === 'gone' ? 'elsewhere' : outcome] += 1;
      done += 1;
    }
    this._progress = '';
    this._reasonForm = null;
    this._notice = (t) => t.batchDone(tally);
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#list-status')?.focus();
  }

  private _reasonFormView(form: ReasonForm, label: string, busy: boolean, item?: CheckIn) {
    const t = this._t;
    const words = t[form.kind];
    return html`
      <form class="reject" @submit=${(e: Event) => this._submitReason(e, form, item)} novalidate>
        <label for="reason" class="label">${label}</label>
        <div class="presets">
          ${words.presets.map((preset) => html`<button type="button" class="preset" @click=${() => { this._reason = preset; this._reasonProblem = ''; }}>${preset}</button>`)}
        </div>
        <textarea id="reason" class="input" maxlength=${REASON_MAX} aria-describedby="reason-hint reason-problem"
          aria-invalid=${this._reasonProblem ? 'true' : 'false'} .value=${this._reason}
          @input=${(e: Event) => { this._reason = (e.target as HTMLTextAreaElement).value; this._reasonProblem = ''; }}></textarea>
        <p id="reason-hint" class="hint">${words.hint}</p>
        <p id="reason-problem" class="error" role="alert">${this._reasonProblem}</p>
        <div class="actions">
          <button type="submit" class="button primary" ?disabled=${busy}>${busy ? t.working : words.submit}</button>
          <button type="button" class="button quiet" @click=${() => this._closeReason()}>${t.cancel}</button>
        </div>
      </form>`;
  }

  private _item(item: CheckIn) {
    const t = this._t;
    const busy = this._busy.has(item.id) || !!this._progress;
    const date = formatDateTime(item.createdAt, this.lang);
    const heading = `h-${item.id}`;
    const error = this._itemErrors[item.id];
    return html`
      <li>
        <article class="card" tabindex="-1" data-id=${item.id} aria-labelledby=${heading}>
          <div class="head">
            <label><input type="checkbox" aria-label=${t.select(item.reference)} .checked=${this._selected.has(item.id)}
              @change=${(e: Event) => this._toggle(item.id, (e.target as HTMLInputElement).checked)}></label>
            <h2 id=${heading}>${item.submittedName} <span class="ref">${item.reference}</span></h2>
          </div>
          ${item.nameMismatch === true ? html`<p class="warning">⚠ ${t.nameMismatch}${item.member ? `（${t.roster(item.member.name)}）` : ''}</p>` : nothing}
          <p class="line"><span class="sr-only">${t.mobile}</span><a href="tel:${item.mobile}">${item.mobile}</a>
            <span class="badge ${item.mobileVerified ? 'ok' : 'warn'}">${item.mobileVerified ? t.verified : t.unverified}</span></p>
          <dl>
            <dt>${t.branch}</dt><dd>${pick(item.branch.name, this.lang)}</dd>
            <dt>${t.homeUnit}</dt><dd>${pick(item.homeUnit.name, this.lang)}</dd>
            <dt>${t.city}</dt><dd>${item.currentCity}</dd>
            <dt>${t.category}</dt><dd>${t.categories[item.category] ?? item.category}</dd>
            <dt>${t.submitted}</dt><dd><time datetime=${new Date(item.createdAt).toISOString()}>${date}</time></dd>
          </dl>
          ${item.decision.needsRelease ? html`<p class="hint">${t.needsRelease}
            ${item.decision.acceptedAt ? html`<span class="badge ok">${t.accepted}</span>` : nothing}
            ${item.decision.releasedAt ? html`<span class="badge ok">${t.released}</span>` : nothing}</p>` : nothing}
          ${error ? html`<p class="error" role="alert">${error}</p>` : nothing}
          ${this._historyView(item)}
          ${this._reasonForm?.id === item.id
            ? this._reasonFormView(this._reasonForm, t[this._reasonForm.kind].label, busy, item)
            : html`<div class="actions">
                <button type="button" class="button primary" ?disabled=${busy}
                  @click=${() => this._decideOne(item, { kind: 'confirm' })}>${this._busy.has(item.id) ? t.working : t.confirm}</button>
                ${(['return', 'reject'] as const).map((kind) => html`<button type="button" class="button ${kind}-open" ?disabled=${busy}
                  @click=${() => this._openReason({ id: item.id, kind })}>${t[kind].open}</button>`)}
              </div>`}
        </article>
      </li>`;
  }

  private _historyView(item: CheckIn) {
    const t = this._t;
    const shown = this._histories[item.id];
    const id = `history-${item.id}`;
    const roles = accountMessages[this.lang].roles;
    return html`
      <button type="button" class="link" aria-expanded=${shown ? 'true' : 'false'} aria-controls=${id}
        @click=${() => this._toggleHistory(item)}>${t.history}</button>
      ${shown ? html`<div id=${id} class="history" role="status">${
        shown === 'loading' ? t.historyLoading
        : 'error' in shown ? html`<span class="error">${shown.error}</span>`
        : !shown.length ? t.historyEmpty
        : html`<ol>${shown.map((e) => html`<li><time datetime=${new Date(e.at).toISOString()}>${formatDateTime(e.at, this.lang)}</time>${
            t.historyEntry(e)} · ${e.user?.name ?? (e.role ? roles[e.role as keyof typeof roles] ?? e.role : t.byKey)}</li>`)}</ol>`
      }</div>` : nothing}`;
  }

  override render() {
    const t = this._t;
    const visible = this._items;
    const batch = this._batchItems;
    const allSelected = visible.length > 0 && batch.length === visible.length;
    const status = this._loading === 'all' ? t.loading
      : this._error ? '' : !this._items.length ? (this._search ? t.noMatch : t.empty) : '';
    return html`
      <h1 class="sr-only">${t.title}</h1>
      <div class="tools">
        <div class="field search">
          <label for="search">${t.searchLabel}</label>
          <input id="search" class="input" type="search" maxlength="40" placeholder=${t.searchPlaceholder} aria-describedby="search-hint"
            .value=${this._query} @input=${(e: Event) => this._typed((e.target as HTMLInputElement).value)}>
        </div>
        <label class="select-all"><input type="checkbox" .checked=${allSelected} ?disabled=${!visible.length}
          @change=${(e: Event) => this._selectAll((e.target as HTMLInputElement).checked)}> ${t.selectAll}</label>
        <button type="button" class="button quiet refresh" ?disabled=${this._loading !== null} @click=${() => this._load(true)}>${t.refresh}</button>
      </div>
      <p id="search-hint" class="hint search-hint">${t.searchHint}</p>
      <div id="list-status" class="status" tabindex="-1" role="status">
        ${this._notice ? html`<p class="notice">${this._notice(t)}</p>` : nothing}
        ${status ? html`<p>${status}</p>` : nothing}
      </div>
      ${this._error ? html`<p class="notice bad" role="alert">${this._error}</p>` : nothing}
      <ol aria-label=${t.title}>${repeat(visible, (i) => i.id, (i) => this._item(i))}</ol>
      ${this._next ? html`<div class="more"><button type="button" class="button" ?disabled=${this._loading !== null}
        @click=${() => this._load(false)}>${this._loading === 'more' ? t.loadingMore : t.loadMore}</button></div>` : nothing}
      ${batch.length ? html`
        <section class="batch" aria-label=${t.selected(batch.length)}>
          <div class="row">
            <p class="count">${this._progress || t.selected(batch.length)}</p>
            <button type="button" class="button primary" ?disabled=${!!this._progress} @click=${() => this._batch({ kind: 'confirm' })}>${t.batchConfirm}</button>
            ${(['return', 'reject'] as const).map((kind) => html`<button type="button" id="batch-${kind}" class="button"
              ?disabled=${!!this._progress || (this._reasonForm?.id === null && this._reasonForm.kind === kind)}
              @click=${() => this._openReason({ id: null, kind })}>${t[kind].batch}</button>`)}
          </div>
          ${this._reasonForm?.id === null
            ? this._reasonFormView(this._reasonForm, t[this._reasonForm.kind].batchLabel(batch.length), !!this._progress) : nothing}
        </section>` : nothing}
    `;
  }
}

customElements.define('console-queue', ConsoleQueue);
