// <console-audit>: 审计日志, the home admin's (`audit:read`). GET /v1/audit with every filter it has:
// action, subject type and id, the staff user or key that acted, and a range of days (Beijing
// time, the end day included), a page at a time, newest first. Actions read as words (the member
// history's and this screen's labels); each entry opens to its request ids and what was recorded.
import { css, html, nothing } from 'lit';
import type { AuditEntry, AuditPage } from '../../../schema/audit.ts';
import type { Role } from '../../../schema/tables.ts';
import { accountMessages } from '../account/messages.ts';
import { api } from '../api.ts';
import type { Lang } from '../i18n.ts';
import { memberHistoryMessages } from '../roster/member-history-messages.ts';
import { dayStart, formatDateTime, ScreenElement, screenStyles } from '../screen.ts';
import { base } from '../styles.ts';
import { auditMessages, SUBJECT_TYPES } from './messages.ts';

type Failure = (lang: Lang) => string;
type Filters = { action: string; subjectType: string; subjectId: string; userId: string; keyId: string; from: string; to: string };
const NO_FILTERS: Filters = { action: '', subjectType: '', subjectId: '', userId: '', keyId: '', from: '', to: '' };
const DAY_MS = 24 * 60 * 60 * 1000;

/** Every action's words: this screen's, then the member history's. */
const actionLabels = (lang: Lang): Record<string, string> => ({ ...auditMessages[lang].actions, ...memberHistoryMessages[lang].actions });

export class ConsoleAudit extends ScreenElement {
  static override properties = {
    _draft: { state: true }, _applied: { state: true }, _entries: { state: true }, _next: { state: true },
    _loading: { state: true }, _error: { state: true }, _badDates: { state: true },
  };
  static override styles = [base, screenStyles, css`
    .intro { color: var(--muted); margin-bottom: 1rem; }
    form { padding: 1rem; display: grid; gap: 0.75rem; margin-bottom: 1rem; }
    .grid { display: grid; gap: 0.75rem; }
    /* A field's label and box at the top of its cell, whatever the hints beside it. */
    .grid > .field { align-content: start; }
    @media (min-width: 40rem) { .grid { grid-template-columns: repeat(2, minmax(0, 1fr)); } }
    @media (min-width: 64rem) { .grid { grid-template-columns: repeat(4, minmax(0, 1fr)); } }
    .entry { padding: 0.75rem 1rem; display: grid; gap: 0.25rem; }
    .entry-head { display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.25rem 0.75rem; }
    .entry-head strong { font-size: 1rem; }
    .code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.8125rem; overflow-wrap: anywhere; }
    .code { color: var(--muted); }
    .meta { color: var(--muted); font-size: 0.9375rem; overflow-wrap: anywhere; }
    @media (max-width: 30rem) { .entry dl { grid-template-columns: minmax(0, 1fr); gap: 0; } .entry dd { margin-bottom: 0.375rem; } }
    summary { cursor: pointer; min-height: 2.75rem; display: flex; align-items: center; color: var(--accent-dark); font-weight: 600; }
    pre { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; font-size: 0.8125rem; background: var(--page); padding: 0.5rem; border-radius: var(--radius); }
  `];

  declare private _draft: Filters;
  declare private _applied: Filters;
  declare private _entries: AuditEntry[];
  declare private _next: string | null;
  declare private _loading: boolean;
  declare private _error: Failure | null;
  declare private _badDates: boolean;

  constructor() {
    super();
    this._draft = { ...NO_FILTERS };
    this._applied = { ...NO_FILTERS };
    this._entries = [];
    this._next = null;
    this._loading = false;
    this._error = null;
    this._badDates = false;
  }

  private get _t() { return auditMessages[this.lang]; }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this._entries.length && !this._loading) void this._load(true);
  }

  /** The applied filters as the API's query: days become times, the end day included. */
  private _query(cursor: string | null): URLSearchParams {
    const f = this._applied;
    const q = new URLSearchParams({ limit: '50' });
    for (const name of ['action', 'subjectType', 'subjectId', 'userId', 'keyId'] as const) if (f[name].trim()) q.set(name, f[name].trim());
    if (f.from) q.set('from', new Date(dayStart(f.from)).toISOString());
    if (f.to) q.set('to', new Date(dayStart(f.to) + DAY_MS).toISOString());
    if (cursor) q.set('cursor', cursor);
    return q;
  }

  private async _load(fresh: boolean) {
    this._loading = true;
    this._error = null;
    try {
      const page = await api<AuditPage>(`/v1/audit?${this._query(fresh ? null : this._next)}`);
      this._entries = fresh ? page.data : [...this._entries, ...page.data];
      this._next = page.nextCursor;
    } catch (error) {
      this._error = this._explain(error);
    } finally {
      this._loading = false;
    }
  }

  private _apply(e: Event) {
    e.preventDefault();
    const { from, to } = this._draft;
    this._badDates = !!from && !!to && dayStart(from) > dayStart(to);
    if (this._badDates) return void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#from')?.focus());
    this._applied = { ...this._draft };
    void this._load(true);
  }

  private _clear() {
    this._draft = { ...NO_FILTERS };
    this._applied = { ...NO_FILTERS };
    this._badDates = false;
    void this._load(true);
  }

  private _set(name: keyof Filters) {
    return (e: Event) => {
      this._draft = { ...this._draft, [name]: (e.target as HTMLInputElement | HTMLSelectElement).value };
      if (name === 'from' || name === 'to') this._badDates = false;
    };
  }

  private _text(name: 'subjectId' | 'userId' | 'keyId', label: string, hint?: string) {
    return html`<div class="field">
      <label for=${name}>${label}</label>
      <input id=${name} class="input mono" autocomplete="off" spellcheck="false" maxlength="64" .value=${this._draft[name]}
        aria-describedby=${hint ? `${name}-hint` : nothing} @input=${this._set(name)}>
      ${hint ? html`<p id="${name}-hint" class="hint">${hint}</p>` : nothing}
    </div>`;
  }

  private _filters() {
    const t = this._t;
    const labels = actionLabels(this.lang);
    const actions = Object.keys(labels).sort((a, b) => labels[a]!.localeCompare(labels[b]!, this.lang));
    const d = this._draft;
    return html`<form class="card" role="search" aria-labelledby="filters-title" novalidate @submit=${this._apply}>
      <h2 id="filters-title">${t.filters}</h2>
      <div class="grid">
        <div class="field">
          <label for="action">${t.action}</label>
          <select id="action" class="input" @change=${this._set('action')}>
            <option value="" ?selected=${!d.action}>${t.anyAction}</option>
            ${actions.map((a) => html`<option value=${a} ?selected=${d.action === a}>${labels[a]}</option>`)}
          </select>
        </div>
        <div class="field">
          <label for="subjectType">${t.subjectType}</label>
          <select id="subjectType" class="input" @change=${this._set('subjectType')}>
            <option value="" ?selected=${!d.subjectType}>${t.anyType}</option>
            ${SUBJECT_TYPES.map((s) => html`<option value=${s} ?selected=${d.subjectType === s}>${t.subjectTypes[s]}</option>`)}
          </select>
        </div>
        ${this._text('subjectId', t.subjectId)}
        ${this._text('userId', t.userId, t.userHint)}
        ${this._text('keyId', t.keyId, t.keyHint)}
        <div class="field">
          <label for="from">${t.from}</label>
          <input id="from" class="input" type="date" .value=${d.from} aria-describedby="dates-hint dates-problem"
            aria-invalid=${this._badDates ? 'true' : 'false'} @input=${this._set('from')}>
        </div>
        <div class="field">
          <label for="to">${t.to}</label>
          <input id="to" class="input" type="date" .value=${d.to} aria-describedby="dates-hint dates-problem"
            aria-invalid=${this._badDates ? 'true' : 'false'} @input=${this._set('to')}>
        </div>
      </div>
      <p id="dates-hint" class="hint">${t.datesHint}</p>
      <p id="dates-problem" class="error" role=${this._badDates ? 'alert' : nothing}>${this._badDates ? t.badDates : ''}</p>
      <div class="actions">
        <button type="submit" class="button primary">${t.apply}</button>
        <button type="button" class="button quiet" @click=${this._clear}>${t.clear}</button>
      </div>
    </form>`;
  }

  private _entry(e: AuditEntry) {
    const t = this._t;
    const label = actionLabels(this.lang)[e.action];
    const role = e.role ? accountMessages[this.lang].roles[e.role as Role] ?? e.role : null;
    const type = (t.subjectTypes as Record<string, string>)[e.subjectType] ?? e.subjectType;
    return html`<li class="card entry">
      <div class="entry-head">
        <strong>${label ?? e.action}</strong>${label ? html`<span class="code">${e.action}</span>` : nothing}
        <span class="meta">${formatDateTime(e.at, this.lang)}</span>
      </div>
      <p class="meta">${t.by}${this._c.sep}${e.userId ? t.consoleUser(e.userId) : t.key(e.keyId)}${role ? ` · ${role}` : ''}</p>
      <p class="meta">${t.subject}${this._c.sep}${type}${e.subjectId ? ' · ' : ''}${e.subjectId ? html`<span class="mono">${e.subjectId}</span>` : nothing}</p>
      <details>
        <summary>${t.details}</summary>
        <dl>
          <dt>${t.requestId}</dt><dd class="mono">${e.requestId}</dd>
          <dt>${t.correlationId}</dt><dd class="mono">${e.correlationId ?? t.nothing}</dd>
          <dt>${t.keyId}</dt><dd class="mono">${e.keyId}</dd>
          ${e.userId ? html`<dt>${t.userId}</dt><dd class="mono">${e.userId}</dd>` : nothing}
          <dt>${t.detail}</dt><dd>${e.detail ? html`<pre>${JSON.stringify(e.detail, null, 2)}</pre>` : t.nothing}</dd>
        </dl>
      </details>
    </li>`;
  }

  override render() {
    const t = this._t;
    const entries = this._entries;
    return html`
      <h1>${t.title}</h1>
      <p class="intro">${t.intro}</p>
      ${this._filters()}
      <p class="status" role="status">${this._loading && !entries.length ? this._c.loading
        : this._error ? '' : entries.length ? t.count(entries.length, !!this._next) : t.none}</p>
      ${this._error ? html`<p class="notice bad" role="alert">${this._error(this.lang)}</p>` : nothing}
      ${entries.length ? html`<ul class="rows" aria-label=${t.title}>${entries.map((e) => this._entry(e))}</ul>` : nothing}
      ${this._next ? html`<div class="more"><button type="button" class="button" ?disabled=${this._loading}
        @click=${() => this._load(false)}>${this._loading ? this._c.loadingMore : this._c.loadMore}</button></div>` : nothing}
    `;
  }
}

customElements.define('console-audit', ConsoleAudit);
