// <console-campaign-people>: the people behind a count of the funnel (GET /v1/campaigns/{id}/letters):
// each page looks through the next 100 letters of the node and lists those at the stage, so a load
// fetches pages until 50 are listed or 10 pages are read, and 加载更多 goes on (sparse-pages.ts).
import { css, html, nothing, type PropertyValues } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { CampaignLetterRow } from '../../../schema/campaign-funnel.ts';
import { pick, type Lang } from '../i18n.ts';
import { formatDateTime, ScreenElement, screenStyles } from '../screen.ts';
import { sparsePages } from '../sparse-pages.ts';
import { base } from '../styles.ts';
import type { PeopleAsked } from './people-asked.ts';
import { campaignMessages } from './messages.ts';

/** The time a letter reached the stage asked for. */
const whenAt = (r: CampaignLetterRow, a: PeopleAsked): number | null => {
  switch (a.stage) {
    case 'sent': return a.channel === 'print' ? r.printedAt : a.channel === 'sms' ? r.smsSentAt : r.smsSentAt ?? r.printedAt;
    case 'delivered': return r.smsDeliveredAt;
    case 'failed': return r.smsFailedAt;
    case 'opened': return r.openedAt;
    case 'reported': return r.reportedAt;
    case 'confirmed': return r.confirmedAt;
    case 'not_reported': return r.smsSentAt ?? r.printedAt;
  }
};

export class ConsoleCampaignPeople extends ScreenElement {
  static override properties = {
    campaignId: {}, asked: { attribute: false }, _rows: { state: true }, _next: { state: true }, _loading: { state: true }, _error: { state: true },
  };
  static override styles = [base, screenStyles, css`
    :host { margin-top: 1rem; }
    .part { padding: 0.875rem 1rem; display: grid; gap: 0.75rem; }
    .head { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem; }
    .head h2 { flex: 1 1 12rem; }
    .row { padding: 0.5rem 0; border-bottom: 1px solid var(--line); display: grid; gap: 0.125rem; }
    .row .top { display: flex; flex-wrap: wrap; gap: 0.25rem 0.75rem; align-items: baseline; }
    .meta { color: var(--muted); font-size: 0.875rem; overflow-wrap: anywhere; }
    @media (min-width: 64rem) { .rows { grid-template-columns: repeat(2, minmax(0, 1fr)); column-gap: 1.5rem; } }
  `];

  declare campaignId: string;
  declare asked: PeopleAsked;
  declare private _rows: CampaignLetterRow[];
  declare private _next: string | null;
  declare private _loading: 'all' | 'more' | null;
  declare private _error: ((lang: Lang) => string) | null;
  private _generation = 0;

  constructor() {
    super();
    this._rows = [];
    this._next = null;
    this._loading = null;
    this._error = null;
  }

  private get _t() { return campaignMessages[this.lang]; }

  focusHeading() { this.renderRoot.querySelector<HTMLElement>('h2')?.focus(); }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('asked')) void this._load(true);
  }

  private async _load(reset: boolean) {
    const generation = reset ? ++this._generation : this._generation;
    this._loading = reset ? 'all' : 'more';
    this._error = null;
    if (reset) { this._rows = []; this._next = null; }
    const a = this.asked;
    const query = new URLSearchParams({ nodeId: a.nodeId, stage: a.stage, channel: a.channel });
    try {
      const path = `/v1/campaigns/${encodeURIComponent(this.campaignId)}/letters`;
      for await (const page of sparsePages<CampaignLetterRow>(path, query, reset ? null : this._next)) {
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

  private _row(r: CampaignLetterRow) {
    const t = this._t;
    const at = whenAt(r, this.asked);
    return html`<li class="row">
      ${r.movedAway ? html`<p class="top"><strong>${t.movedAway}</strong></p>`
        : html`<p class="top"><strong>${r.member.name}</strong><a class="tel" href="tel:${r.member.mobile}">${r.member.mobile}</a></p>`}
      <p class="meta">${t.homeUnit}${this._c.sep}${r.homeUnit ? pick(r.homeUnit.name, this.lang) : '—'} · ${t.branch}${this._c.sep}${r.hostBranch ? pick(r.hostBranch.name, this.lang) : this._c.noBranch}</p>
      ${at ? html`<p class="meta">${t.when}${this._c.sep}${formatDateTime(at, this.lang)}</p>` : nothing}
    </li>`;
  }

  override render() {
    const t = this._t;
    const a = this.asked;
    return html`<section class="part card" aria-labelledby="people-heading">
      <div class="head">
        <h2 id="people-heading" tabindex="-1">${t.people(t.stages[a.stage], t.channels[a.channel], a.nodeName)}</h2>
        <button type="button" class="button quiet" @click=${() => this.dispatchEvent(new CustomEvent('console-close'))}>${t.closePeople}</button>
      </div>
      <div class="status" role="status">
        ${this._loading === 'all' ? html`<p>${this._c.loading}</p>`
          : this._error ? nothing
          : !this._rows.length ? html`<p>${t.peopleNone}</p>`
          : html`<p class="hint">${t.peopleListed(this._rows.length, this._next !== null)}</p>`}
      </div>
      ${this._error ? html`<p class="notice bad" role="alert">${this._error(this.lang)}</p>` : nothing}
      <ol class="rows" aria-labelledby="people-heading">${repeat(this._rows, (r) => r.id, (r) => this._row(r))}</ol>
      ${this._next ? html`<div class="more"><button type="button" class="button" ?disabled=${this._loading !== null}
        @click=${() => this._load(false)}>${this._loading === 'more' ? this._c.loadingMore : this._c.loadMore}</button></div>` : nothing}
    </section>`;
  }
}

customElements.define('console-campaign-people', ConsoleCampaignPeople);
