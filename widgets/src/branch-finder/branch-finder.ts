import { html, nothing } from 'lit';
import { GinkgoElement, type PropertyValues } from '../shared/element.ts';
import type { Branch, City } from '../../../schema/branches.ts';
import type { Position } from '../../../schema/common.ts';
import { defaultApiBase } from '../shared/api-base.ts';
import { connect, type Ginkgo, problemOf, type Problem } from '../shared/client.ts';
import { distanceMeters } from '../shared/distance.ts';
import { GinkgoBranchSelectEvent } from '../shared/events.ts';
import { currentPosition, GeoError, geoText, type GeoFailure } from '../shared/geolocation.ts';
import { messages, pick, toLang, type Lang, type Messages } from '../shared/i18n.ts';
import { emptyBox, moreButton, problemBox, skeletons } from '../shared/list.ts';
import { option } from '../shared/option.ts';
import { baseStyles } from '../shared/theme.ts';
import { branchCard, type Result } from './branch-card.ts';
import { finderStyles } from './branch-finder.styles.ts';

const NEAR_LIMIT = 10;
const PAGE_SIZE = 20;

// Inline SVG in html``: the HTML parser puts <svg> and its children in the SVG namespace.
const pinIcon = html`<svg viewBox="0 0 24 24" aria-hidden="true"><path fill="none" stroke="currentColor" stroke-width="2" d="M12 21s-7-6.2-7-11a7 7 0 0 1 14 0c0 4.8-7 11-7 11z"/><circle cx="12" cy="10" r="2.5" fill="currentColor"/></svg>`;
const searchIcon = html`<svg viewBox="0 0 24 24" aria-hidden="true"><circle cx="11" cy="11" r="6.5" fill="none" stroke="currentColor" stroke-width="2"/><path stroke="currentColor" stroke-width="2" d="m16 16 5 5"/></svg>`;

/** Search results carry no distance; with a known position, work it out and put the nearest first. */
function withDistances(branches: Branch[], from: Position | null): Result[] {
  const results = branches.map((branch) => ({ branch, distance: from ? distanceMeters(from, branch.position) : null }));
  return from ? results.sort((a, b) => (a.distance ?? 0) - (b.distance ?? 0)) : results;
}

/**
 * Finds the host branches of a hometown organisation: nearest to the visitor, in a host city, or by
 * name or address. List first, no map. Talks to the Ginkgo API through the SDK only.
 *
 * @summary Branch finder for host-city portals.
 * @tag ginkgo-branch-finder
 * @fires {GinkgoBranchSelectEvent} ginkgo-branch-select - A visitor selected a branch; `detail` is the branch. Bubbles and is composed.
 * @cssprop [--ginkgo-color=#1f2328] - Text colour.
 * @cssprop [--ginkgo-background=#ffffff] - Background of the widget and its cards.
 * @cssprop [--ginkgo-surface=#f6f7f9] - Background of placeholders, messages and the distance badge.
 * @cssprop [--ginkgo-muted=#57606a] - Secondary text (labels, hints).
 * @cssprop [--ginkgo-border=#d0d7de] - Borders.
 * @cssprop [--ginkgo-accent=#b3261e] - Buttons, links, the selected result.
 * @cssprop [--ginkgo-accent-contrast=#ffffff] - Text on the accent colour.
 * @cssprop [--ginkgo-focus=#0b57d0] - Keyboard focus ring.
 * @cssprop [--ginkgo-radius=0.75em] - Corner radius.
 * @cssprop [--ginkgo-font=system-ui, "PingFang SC", …] - Font family.
 * @cssprop [--ginkgo-font-size=16px] - Base font size; everything scales with it.
 * @csspart base - The outer box.
 * @csspart title - The heading.
 * @csspart controls - The search form.
 * @csspart locate-button - "Use my location".
 * @csspart city-select - The city picker.
 * @csspart search-input - The text search field.
 * @csspart search-button - The search submit button.
 * @csspart status - The live region announcing result counts.
 * @csspart notice - A location problem (permission denied, unavailable).
 * @csspart results - The result list.
 * @csspart result - One result.
 * @csspart result-name - A result's branch name.
 * @csspart distance - A result's distance badge.
 * @csspart phone - A result's office phone link.
 * @csspart select-button - A result's select button.
 * @csspart details-button - At phone width, shows or hides a result's further details.
 * @csspart message - The empty or error message box.
 * @csspart retry-button - Retry after an error.
 * @csspart more-button - Load the next page of results.
 */
export class GinkgoBranchFinder extends GinkgoElement {
  static override styles = [baseStyles, finderStyles];

  static override properties = {
    key: { type: String },
    api: { type: String },
    city: { type: String },
    lang: { type: String, reflect: true },
    _cities: { attribute: false },
    _city: { attribute: false },
    _query: { attribute: false },
    _position: { attribute: false },
    _mode: { attribute: false },
    _phase: { attribute: false },
    _problem: { attribute: false },
    _geo: { attribute: false },
    _locating: { attribute: false },
    _results: { attribute: false },
    _cursor: { attribute: false },
    _loadingMore: { attribute: false },
    _selectedId: { attribute: false },
    _openId: { attribute: false },
  };

  /** The tenant's publishable key (`pk_…`). */
  declare key: string;
  /** API base URL. Default: the origin the script was loaded from. */
  declare api: string;
  /** Host city (its id, e.g. `pizhou_changzhou`, or its name) to list first: the portal's own city. The visitor can change it. */
  declare city: string;
  /** UI language: `zh-CN` (default) or `en`. */
  declare lang: string;

  declare private _cities: City[];
  declare private _city: string;
  declare private _query: string;
  declare private _position: Position | null;
  declare private _mode: 'near' | 'search';
  declare private _phase: 'loading' | 'ready' | 'error';
  declare private _problem: Problem | null;
  declare private _geo: GeoFailure | null;
  declare private _locating: boolean;
  declare private _results: Result[];
  declare private _cursor: string | null;
  declare private _loadingMore: boolean;
  declare private _selectedId: string | null;
  /** The card whose details are open at phone width, where cards show only what picks a branch. */
  declare private _openId: string | null;

  private _client: Ginkgo | Problem = 'missingKey';
  /** Number of the latest list request: answers to older ones are dropped. */
  private _request = 0;

  constructor() {
    super();
    this.key = '';
    this.api = '';
    this.city = '';
    this.lang = 'zh-CN';
    this._cities = [];
    this._city = '';
    this._query = '';
    this._position = null;
    this._mode = 'search';
    this._phase = 'loading';
    this._problem = null;
    this._geo = null;
    this._locating = false;
    this._results = [];
    this._cursor = null;
    this._loadingMore = false;
    this._selectedId = null;
    this._openId = null;
  }

  override willUpdate(changed: PropertyValues): void {
    if (changed.has('key') || changed.has('api')) {
      this._client = connect(this.key, this.api || defaultApiBase());
      void this._loadCities();
    }
    if (changed.has('city')) {
      this._city = this.city;
      this._mode = 'search';
    }
    if (changed.has('key') || changed.has('api') || changed.has('city')) void this._load();
  }

  private get _lang(): Lang { return toLang(this.lang); }
  private get _t(): Messages { return messages[this._lang]; }

  private async _loadCities(): Promise<void> {
    const client = this._client;
    if (typeof client === 'string') return;
    try {
      this._cities = await client.cities.list();
    } catch {
      this._cities = []; // The picker is optional; the list's own error is shown by _load.
      return;
    }
    // An editor may write the city's name (常州, Changzhou) for its id; a city unknown here lists all.
    const wanted = this._city;
    const match = this._cities.find((c) => c.id === wanted || c.name.zh === wanted || c.name.en === wanted);
    if (wanted && match?.id !== wanted) {
      this._city = match?.id ?? '';
      void this._load();
    }
  }

  private async _load(append = false): Promise<void> {
    const client = this._client;
    const request = ++this._request;
    if (typeof client === 'string') {
      this._phase = 'error';
      this._problem = client;
      return;
    }
    if (append) this._loadingMore = true;
    else this._phase = 'loading';
    try {
      let results: Result[];
      let cursor: string | null = null;
      if (this._mode === 'near' && this._position) {
        const nearby = await client.branches.near({ ...this._position, limit: NEAR_LIMIT });
        results = nearby.map((branch) => ({ branch, distance: branch.distanceMeters }));
      } else {
        const page = await client.branches.search({
          city: this._city || undefined, q: this._query.trim() || undefined,
          limit: PAGE_SIZE, cursor: append ? this._cursor ?? undefined : undefined,
        });
        results = withDistances(page.data, this._position);
        cursor = page.nextCursor;
      }
      if (request !== this._request) return;
      this._results = append ? withDistances([...this._results, ...results].map((r) => r.branch), this._position) : results;
      this._cursor = cursor;
      this._phase = 'ready';
      this._problem = null;
    } catch (error) {
      if (request !== this._request) return;
      this._phase = 'error';
      this._problem = problemOf(error);
    } finally {
      if (request === this._request) this._loadingMore = false;
    }
  }

  private async _locate(): Promise<void> {
    if (this._locating) return;
    this._locating = true;
    this._geo = null;
    try {
      this._position = await currentPosition();
      this._mode = 'near';
      this._city = '';
      this._query = '';
      await this._load();
    } catch (error) {
      this._geo = error instanceof GeoError ? error.reason : 'unavailable';
    } finally {
      this._locating = false;
    }
  }

  private _search(event: Event): void {
    event.preventDefault();
    this._mode = 'search';
    void this._load();
  }

  private _pickCity(event: Event): void {
    this._city = (event.target as HTMLSelectElement).value;
    this._mode = 'search';
    void this._load();
  }

  private _showAll(): void {
    this._city = '';
    this._query = '';
    this._mode = 'search';
    void this._load();
  }

  private _select = (branch: Branch): void => {
    this._selectedId = branch.id;
    this.dispatchEvent(new GinkgoBranchSelectEvent(branch));
  };

  private _toggle = (branch: Branch): void => {
    this._openId = this._openId === branch.id ? null : branch.id;
  };

  /** What the live region says: the result count once a list arrives, so a screen reader hears it. */
  private _status(t: Messages): string {
    if (this._phase === 'loading') return t.loading;
    if (this._phase === 'error') return t[this._problem ?? 'unknownError'];
    return t.found(this._results.length, this._position !== null && this._results.length > 1);
  }

  override render() {
    const lang = this._lang;
    const t = this._t;
    return html`
      <section part="base" class="base" lang=${lang} aria-labelledby="title">
        <h2 id="title" part="title">${t.title}</h2>
        <p class="intro">${t.intro}</p>
        ${this._renderControls(t, lang)}
        <p part="status" class="status" role="status">${this._status(t)}</p>
        ${this._geo ? html`<p part="notice" class="notice" role="alert">${t[geoText[this._geo]]}</p>` : nothing}
        ${this._renderBody(t, lang)}
      </section>`;
  }

  private _renderControls(t: Messages, lang: Lang) {
    return html`
      <form part="controls" class="controls" role="search" @submit=${this._search}>
        <button part="locate-button" class="button primary locate" type="button"
          aria-busy=${this._locating ? 'true' : 'false'} @click=${this._locate}>
          ${pinIcon}${this._locating ? t.locating : t.locate}
        </button>
        <div class="field">
          <label for="city">${t.city}</label>
          <select id="city" part="city-select" @change=${this._pickCity}>
            ${option('', t.allCities, this._city)}
            ${this._cities.map((c) => option(c.id, pick(c.name, lang), this._city))}
          </select>
        </div>
        <div class="field">
          <label for="q">${t.search}</label>
          <div class="search-row">
            <input id="q" part="search-input" type="search" enterkeyhint="search" maxlength="64" autocomplete="off"
              placeholder=${t.searchPlaceholder} .value=${this._query}
              @input=${(e: Event) => { this._query = (e.target as HTMLInputElement).value; }}>
            <button part="search-button" class="button" type="submit">${searchIcon}${t.searchButton}</button>
          </div>
        </div>
      </form>`;
  }

  private _renderBody(t: Messages, lang: Lang) {
    if (this._phase === 'loading') return skeletons(3);
    if (this._phase === 'error') return problemBox(t, this._problem ?? 'unknownError', () => this._load());
    if (this._results.length === 0) return emptyBox(t, this._showAll, searchIcon);
    return html`
      <ol part="results" class="results" aria-label=${this._mode === 'near' ? t.nearYou : t.title}>
        ${this._results.map((r) => branchCard(r, lang, t, r.branch.id === this._selectedId, r.branch.id === this._openId, this._select, this._toggle))}
      </ol>
      ${this._cursor && this._mode === 'search' ? moreButton(t, this._loadingMore, () => this._load(true)) : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ginkgo-branch-finder': GinkgoBranchFinder;
  }
}
