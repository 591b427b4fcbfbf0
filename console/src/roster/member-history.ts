// <console-member-history member-id=…>: what the member detail shows below the record: their
// check-ins (with the reason of a rejection or return, and the branch a handover took them from),
// their service requests, and who looked at or changed the record (GET /v1/members/{id}/history,
// itself audited). Roles whose grant cannot read check-ins get a 403 and see it said.
import { css, html, nothing } from 'lit';
import type { MemberHistory } from '../../../schema/members.ts';
import { api } from '../api.ts';
import { pick } from '../i18n.ts';
import { accountMessages } from '../account/messages.ts';
import { formatDateTime, ScreenElement, screenStyles } from '../screen.ts';
import { base } from '../styles.ts';
import { memberHistoryMessages } from './member-history-messages.ts';
import type { Lang } from '../i18n.ts';

export class ConsoleMemberHistory extends ScreenElement {
  static override properties = { ...ScreenElement.properties, memberId: { attribute: 'member-id' }, _history: { state: true }, _error: { state: true } };
  static override styles = [base, screenStyles, css`
    :host { display: block; margin-top: 1rem; }
    section + section { margin-top: 0.75rem; }
    ol { list-style: none; margin: 0.375rem 0 0; padding: 0; display: grid; gap: 0.375rem; font-size: 0.9375rem; }
    time { color: var(--muted); font-variant-numeric: tabular-nums; margin-inline-end: 0.375rem; }
    .ref { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.875rem; }
  `];

  declare memberId: string;
  declare private _history: MemberHistory | null;
  declare private _error: ((lang: Lang) => string) | null;

  constructor() {
    super();
    this.memberId = '';
    this._history = null;
    this._error = null;
  }

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('memberId') && this.memberId) void this._load(this.memberId);
  }

  private async _load(id: string) {
    this._history = null;
    this._error = null;
    try {
      const history = await api<MemberHistory>(`/v1/members/${encodeURIComponent(id)}/history`);
      if (id === this.memberId) this._history = history;
    } catch (error) {
      if (id === this.memberId) this._error = this._explain(error);
    }
  }

  override render() {
    const t = memberHistoryMessages[this.lang];
    const h = this._history;
    if (this._error) return html`<p class="notice bad" role="alert">${this._error(this.lang)}</p>`;
    if (!h) return html`<p role="status">${this._c.loading}</p>`;
    const at = (ms: number | string) => html`<time datetime=${new Date(ms).toISOString()}>${formatDateTime(ms, this.lang)}</time>`;
    const roles = accountMessages[this.lang].roles;
    const list = <T>(items: T[], item: (x: T) => unknown) => items.length ? html`<ol>${items.map((x) => html`<li>${item(x)}</li>`)}</ol>` : html`<p>${t.none}</p>`;
    return html`
      <section aria-labelledby="h-check-ins"><h3 id="h-check-ins">${t.checkIns}</h3>
        ${list(h.checkIns, (c) => html`${at(c.createdAt)}<span class="ref">${c.reference}</span> ${pick(c.branch.name, this.lang)} · ${t.statuses[c.status]}${
          c.rejectReason ? `${this._c.sep}${c.rejectReason}` : nothing}${c.previousBranch ? html` · ${t.handover(pick(c.previousBranch.name, this.lang))}` : nothing}`)}
      </section>
      <section aria-labelledby="h-requests"><h3 id="h-requests">${t.requests}</h3>
        ${list(h.serviceRequests, (r) => html`${at(r.createdAt)}<span class="ref">${r.reference}</span> ${
          t.needs[r.category as keyof typeof t.needs] ?? r.category} · ${t.requestStatuses[r.status] ?? r.status}`)}
      </section>
      <section aria-labelledby="h-views"><h3 id="h-views">${t.views}</h3>
        ${list(h.views, (v) => html`${at(v.at)}${t.actions[v.action] ?? v.action} · ${
          v.user?.name ?? (v.role ? roles[v.role as keyof typeof roles] ?? v.role : t.byKey)}`)}
      </section>`;
  }
}

customElements.define('console-member-history', ConsoleMemberHistory);
