// <console-campaign-funnel>: one campaign's funnel at a node (GET /v1/campaigns/{id}/funnel), as
// a chart (ECharts, its own chunk, fetched on the first funnel shown) and as tables: the node's
// stages by channel, and its children's, a page of 50 at a time (更多 appends the next), each child
// a way down and each count a way to the people behind it (<console-campaign-people>). The .xlsx of
// the same (all the children), and a village's print run.
import { css, html, nothing, type PropertyValues } from 'lit';
import type { Funnel, FunnelCounts } from '../../../schema/campaign-funnel.ts';
import { api, grant } from '../api.ts';
import { download } from '../download.ts';
import { pick, type Lang } from '../i18n.ts';
import { ScreenElement, screenStyles } from '../screen.ts';
import { base } from '../styles.ts';
import type { ChartSeries, EChartsType } from './chart.ts';
import { campaignMessages } from './messages.ts';
import type { PeopleAsked } from './people-asked.ts';
import { ConsoleCampaignPeople } from './people.ts';

type Channel = 'all' | 'print' | 'sms';
type Stage = 'sent' | 'delivered' | 'failed' | 'opened' | 'reported' | 'confirmed';

const CHANNELS: readonly Channel[] = ['all', 'print', 'sms'];
/** The funnel's stages in order, and failed beside them. */
const STAGES: readonly Stage[] = ['sent', 'delivered', 'opened', 'reported', 'confirmed', 'failed'];
const CHART_STAGES: readonly (keyof FunnelCounts)[] = ['sent', 'delivered', 'opened', 'reported', 'confirmed'];
const COLORS: Record<Channel, string> = { all: '#8c1d18', print: '#b7791f', sms: '#2b6cb0' };
/** Children per page: the API's default, asked for by name so that 更多's label says what it loads. */
const CHILDREN_PAGE = 50;

export class ConsoleCampaignFunnel extends ScreenElement {
  static override properties = {
    campaignId: {}, _nodeId: { state: true }, _side: { state: true }, _funnel: { state: true }, _error: { state: true },
    _channel: { state: true }, _people: { state: true }, _chartFailed: { state: true }, _downloading: { state: true }, _notice: { state: true },
    _loadingMore: { state: true }, _appended: { state: true },
  };
  static override styles = [base, screenStyles, css`
    .top { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem 1rem; margin-bottom: 0.75rem; }
    .top h1 { margin: 0; flex: 1 1 16rem; }
    .part { padding: 0.875rem 1rem; margin-bottom: 1rem; display: grid; gap: 0.75rem; }
    .head { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem; }
    .head h2 { flex: 1 1 12rem; }
    .chart { width: 100%; height: 17rem; }
    .scroll { overflow-x: auto; }
    table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
    th, td { padding: 0.25rem 0.5rem; border-bottom: 1px solid var(--line); text-align: end; white-space: nowrap; }
    th:first-child, td:first-child { text-align: start; white-space: normal; min-width: 7rem; }
    thead th { color: var(--muted); font-weight: 600; font-size: 0.875rem; }
    .count, .drill { min-height: 2.75rem; min-width: 2.75rem; padding: 0 0.375rem; border: 0; background: none; cursor: pointer;
      color: var(--accent-dark); font-weight: 600; text-decoration: underline; text-underline-offset: 0.2em; }
    .drill { text-align: start; padding: 0; }
    .count:disabled { color: var(--muted); text-decoration: none; cursor: default; }
    .actions a.button { text-decoration: none; }
    .node-body { display: grid; gap: 0.75rem; }
    @media (min-width: 64rem) { .node-body { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 1.5rem; align-items: start; } }
  `];

  declare campaignId: string;
  declare private _nodeId: string | null;
  declare private _side: 'home' | 'host';
  declare private _funnel: Funnel | null;
  declare private _error: ((lang: Lang) => string) | null;
  declare private _channel: Channel;
  declare private _people: PeopleAsked | null;
  declare private _chartFailed: boolean;
  declare private _downloading: boolean;
  declare private _notice: ((lang: Lang) => string) | null;
  declare private _loadingMore: boolean;
  /** Whether 更多 has added children to the first page (then the status says how many are shown). */
  declare private _appended: boolean;
  private _chart?: EChartsType;
  private _resize?: ResizeObserver;
  private _generation = 0;

  constructor() {
    super();
    this._nodeId = null;
    this._side = 'home';
    this._funnel = null;
    this._error = null;
    this._channel = 'all';
    this._people = null;
    this._chartFailed = false;
    this._downloading = false;
    this._notice = null;
    this._loadingMore = false;
    this._appended = false;
  }

  private get _t() { return campaignMessages[this.lang]; }

  override connectedCallback(): void {
    super.connectedCallback();
    void this._load();
  }

  override disconnectedCallback(): void {
    this._resize?.disconnect();
    this._chart?.dispose();
    this._chart = undefined;
    super.disconnectedCallback();
  }

  private _query(): URLSearchParams {
    const q = new URLSearchParams();
    if (this._nodeId) q.set('nodeId', this._nodeId);
    q.set('side', this._side);
    return q;
  }

  /** A page of the node's funnel: the node and `CHILDREN_PAGE` children after `cursor`. */
  private _page(cursor: string | null) {
    const q = this._query();
    q.set('limit', String(CHILDREN_PAGE));
    if (cursor) q.set('cursor', cursor);
    return api<Funnel>(`/v1/campaigns/${encodeURIComponent(this.campaignId)}/funnel?${q}`);
  }

  private async _load() {
    const generation = ++this._generation;
    this._error = null;
    try {
      const funnel = await this._page(null);
      if (generation !== this._generation) return;
      this._funnel = funnel;
      this._appended = false;
      this._side = funnel.side;
    } catch (error) {
      if (generation === this._generation) this._error = this._explain(error);
    }
  }

  /**
   * The next page of children, appended (one seen already, as when renamed meanwhile, once), with the
   * node's counts as they are now; focus goes to the first child added, and the children's status
   * says how many are shown. A drill or a change of side meanwhile drops it.
   */
  private async _more() {
    const f = this._funnel;
    if (!f?.nextCursor || this._loadingMore) return;
    const generation = this._generation;
    const shown = f.children.length;
    this._loadingMore = true;
    this._error = null;
    try {
      const page = await this._page(f.nextCursor);
      if (generation !== this._generation) return;
      const seen = new Set(f.children.map((c) => c.id));
      this._funnel = { ...page, children: [...f.children, ...page.children.filter((c) => !seen.has(c.id))] };
      this._appended = true;
      await this.updateComplete;
      this.renderRoot.querySelectorAll<HTMLElement>('#children-table .drill')[shown]?.focus();
    } catch (error) {
      if (generation === this._generation) this._error = this._explain(error);
    } finally {
      if (generation === this._generation) this._loadingMore = false;
    }
  }

  private _go(nodeId: string | null, side = this._side) {
    this._nodeId = nodeId;
    this._side = side;
    this._people = null;
    this._loadingMore = false;
    this._notice = null;
    void this._load().then(() => this.updateComplete).then(() => this.renderRoot.querySelector<HTMLElement>('#node-heading')?.focus());
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('_funnel') || changed.has('lang')) void this._drawChart();
  }

  private async _drawChart() {
    const f = this._funnel;
    const el = this.renderRoot.querySelector<HTMLElement>('#chart');
    if (!f || !el) return;
    try {
      const { drawFunnel } = await import('./chart.ts');
      const t = this._t;
      const series: ChartSeries[] = CHANNELS.map((ch) => ({
        name: t.channels[ch], color: COLORS[ch], values: CHART_STAGES.map((s) => f.node.counts[ch][s]),
      }));
      this._chart = drawFunnel(el, CHART_STAGES.map((s) => t.stages[s as Stage]), series, this._chart);
      this._resize ??= new ResizeObserver(() => this._chart?.resize());
      this._resize.observe(el);
    } catch {
      this._chartFailed = true;
    }
  }

  private async _download() {
    if (this._downloading) return;
    this._downloading = true;
    this._notice = null;
    try {
      const name = await download(`/v1/campaigns/${encodeURIComponent(this.campaignId)}/funnel.xlsx?${this._query()}`, 'funnel.xlsx');
      this._notice = (lang) => campaignMessages[lang].downloaded(name);
    } catch (error) {
      this._error = this._explain(error);
    } finally {
      this._downloading = false;
    }
  }

  /** The print run's address: a link (a new tab) names the acting grant in the query, as it can send no header. */
  private _printHref(homeUnitId: string) {
    const q = new URLSearchParams({ homeUnitId });
    const acting = grant.get();
    if (acting) q.set('grant', acting);
    return `/v1/campaigns/${encodeURIComponent(this.campaignId)}/print?${q}`;
  }

  private _ask(node: Funnel['children'][number], stage: PeopleAsked['stage'], channel: Channel) {
    this._people = { nodeId: node.id, nodeName: pick(node.name, this.lang), stage, channel };
    void this.updateComplete.then(() => this.renderRoot.querySelector<ConsoleCampaignPeople>('console-campaign-people')?.focusHeading());
  }

  private _count(node: Funnel['children'][number], stage: Stage, channel: Channel) {
    const n = node.counts[channel][stage];
    const t = this._t;
    return html`<button type="button" class="count" ?disabled=${n === 0}
      aria-label=${t.countLink(n, t.stages[stage], t.channels[channel])} @click=${() => this._ask(node, stage, channel)}>${n}</button>`;
  }

  private _printable(kind: string) {
    return this._funnel?.campaign.channels.includes('print') && this._funnel.campaign.status !== 'draft' && kind === 'village'
      && this.acting.role !== 'committee_secretary' && this.acting.role !== 'branch_secretary';
  }

  private _nodeTable(f: Funnel) {
    const t = this._t;
    return html`<div class="scroll"><table>
      <caption class="sr-only">${t.funnel}</caption>
      <thead><tr><th scope="col">${t.channel}</th>${CHANNELS.map((ch) => html`<th scope="col">${t.channels[ch]}</th>`)}</tr></thead>
      <tbody>
        <tr><th scope="row">${t.stages.letters}</th>${CHANNELS.map((ch) => html`<td>${f.node.counts[ch].letters}</td>`)}</tr>
        ${STAGES.map((s) => html`<tr><th scope="row">${t.stages[s]}</th>${CHANNELS.map((ch) => html`<td>${this._count(f.node, s, ch)}</td>`)}</tr>`)}
      </tbody></table></div>`;
  }

  private _childTable(f: Funnel) {
    const t = this._t;
    const ch = this._channel;
    const printing = f.children.some((c) => this._printable(c.kind));
    return html`<div class="scroll"><table id="children-table">
      <caption class="sr-only">${t.children} · ${t.channels[ch]}</caption>
      <thead><tr><th scope="col">${t.children}</th><th scope="col">${t.stages.letters}</th>
        ${STAGES.map((s) => html`<th scope="col">${t.stages[s]}</th>`)}${printing ? html`<th scope="col">${t.print}</th>` : nothing}</tr></thead>
      <tbody>${f.children.map((c) => html`<tr>
        <th scope="row"><button type="button" class="drill" aria-label=${t.drill(pick(c.name, this.lang))}
          @click=${() => this._go(c.id)}>${pick(c.name, this.lang)}</button></th>
        <td>${c.counts[ch].letters}</td>
        ${STAGES.map((s) => html`<td>${this._count(c, s, ch)}</td>`)}
        ${printing ? html`<td>${this._printable(c.kind) ? html`<a class="button quiet" target="_blank" rel="noopener"
          aria-label=${t.printOf(pick(c.name, this.lang))} href=${this._printHref(c.id)}>${t.print}</a>` : nothing}</td>` : nothing}
      </tr>`)}</tbody></table></div>`;
  }

  override render() {
    const t = this._t;
    const f = this._funnel;
    if (!f) {
      return html`<p><a class="button quiet" href="#/campaigns">${t.back}</a></p>
        ${this._error ? html`<p class="notice bad" role="alert">${this._error(this.lang)}</p>` : html`<p role="status">${this._c.loading}</p>`}`;
    }
    const name = pick(f.node.name, this.lang);
    const title = this.lang === 'en' && f.campaign.titleEn ? f.campaign.titleEn : f.campaign.titleZh;
    const summary = CHART_STAGES.map((s) => `${t.stages[s as Stage]} ${f.node.counts.all[s]}`).join('，');
    return html`
      <p><a class="button quiet" href="#/campaigns">${t.back}</a></p>
      <div class="top"><h1>${title}</h1><span class="badge plain">${t.status[f.campaign.status]}</span></div>
      ${this._error ? html`<p class="notice bad" role="alert">${this._error(this.lang)}</p>` : nothing}
      <div class="status" role="status">${this._notice ? html`<p class="notice">${this._notice(this.lang)}</p>` : nothing}</div>
      <section class="part card" aria-labelledby="node-heading">
          <div class="head">
            <h2 id="node-heading" tabindex="-1">${name} · ${t.funnel}</h2>
            ${f.node.parentId ? html`<button type="button" class="button quiet" @click=${() => this._go(f.node.parentId)}>${t.up}</button>` : nothing}
          </div>
          ${f.node.kind === 'tenant' ? html`<div class="segmented" role="group" aria-label=${t.children}>
            ${(['home', 'host'] as const).map((side) => html`<button type="button" class="button quiet" aria-pressed=${f.side === side ? 'true' : 'false'}
              @click=${() => this._go(null, side)}>${side === 'home' ? t.sideHome : t.sideHost}</button>`)}</div>` : nothing}
          <div class="node-body">
            <div><div id="chart" class="chart" role="img" aria-label=${t.chartLabel(name, summary)}></div>
              ${this._chartFailed ? html`<p class="hint">${t.chartFailed}</p>` : nothing}</div>
            ${this._nodeTable(f)}
          </div>
          <div class="actions">
            <button type="button" class="button" ?disabled=${this._downloading} @click=${this._download}>${this._downloading ? t.downloading : t.xlsx}</button>
            <button type="button" class="button quiet" @click=${() => this._ask(f.node, 'not_reported', 'all')}>${t.stages.not_reported}</button>
            ${this._printable(f.node.kind) ? html`<a class="button quiet" target="_blank" rel="noopener" href=${this._printHref(f.node.id)}
              aria-label=${t.printOf(name)}>${t.print}</a>` : nothing}
          </div>
          ${this._printable(f.node.kind) || f.children.some((c) => this._printable(c.kind)) ? html`<p class="hint">${t.printHint}</p>` : nothing}
        </section>
        <section class="part card" aria-labelledby="children-heading">
          <div class="head"><h2 id="children-heading">${t.children}</h2></div>
          ${f.children.length ? html`
            <div class="segmented" role="group" aria-label=${t.channel}>${CHANNELS.map((ch) => html`<button type="button" class="button quiet"
              aria-pressed=${this._channel === ch ? 'true' : 'false'} @click=${() => { this._channel = ch; }}>${t.channels[ch]}</button>`)}</div>
            ${this._childTable(f)}
            <p class="sr-only" role="status">${this._appended ? t.childrenShown(f.children.length, f.nextCursor !== null) : nothing}</p>
            ${f.nextCursor ? html`<div class="head"><p class="hint" id="children-shown">${t.childrenShown(f.children.length, true)}</p>
              <button type="button" class="button quiet" aria-describedby="children-shown" aria-disabled=${this._loadingMore ? 'true' : 'false'}
                @click=${this._more}>${this._loadingMore ? this._c.loadingMore : t.moreChildren(CHILDREN_PAGE)}</button></div>` : nothing}`
            : html`<p class="hint">${t.noChildren}</p>`}
        </section>
      ${this._people ? html`<console-campaign-people .lang=${this.lang} .campaignId=${this.campaignId} .asked=${this._people}
        @console-close=${() => { this._people = null; }}></console-campaign-people>` : nothing}
    `;
  }
}

customElements.define('console-campaign-funnel', ConsoleCampaignFunnel);
