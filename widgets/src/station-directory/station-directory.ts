import { html, nothing } from 'lit';
import { GinkgoElement, type PropertyValues } from '../shared/element.ts';
import type { City } from '../../../schema/branches.ts';
import type { Position } from '../../../schema/common.ts';
import type { Station, StationQuery } from '../../../schema/stations.ts';
import { finderStyles } from '../branch-finder/branch-finder.styles.ts';
import { defaultApiBase } from '../shared/api-base.ts';
import { connect, type Ginkgo, problemOf, type Problem } from '../shared/client.ts';
import { currentPosition, GeoError, geoText, type GeoFailure } from '../shared/geolocation.ts';
import { pick, toLang, type Lang } from '../shared/i18n.ts';
import { emptyBox, moreButton, problemBox, skeletons } from '../shared/list.ts';
import { baseStyles } from '../shared/theme.ts';
import { changeAt } from './hours.ts';
import { option } from '../shared/option.ts';
import { directoryMessages, type DirectoryMessages } from './messages.ts';
import { stationCard, type Copied } from './station-card.ts';
import { directoryStyles } from './station-directory.styles.ts';

const PAGE_SIZE = 20;
/** The most /v1/stations/near gives. */
const NEAR_LIMIT = 20;

/**
 * The service stations (服务驿站) of a hometown organisation in its host cities: list first, by city
 * and service category, each with open now or not, its next opening or closing time in the
 * station's own time zone, a tap-to-call phone, a copyable address, its hours and its services by
 * category. Talks to the Ginkgo API through the SDK only.
 *
 * @summary Station directory for host-city portals.
 * @tag ginkgo-station-directory
 * @cssprop [--ginkgo-color=#1f2328] - Text colour.
 * @cssprop [--ginkgo-background=#ffffff] - Background of the widget and its cards.
 * @cssprop [--ginkgo-surface=#f6f7f9] - Background of placeholders, messages and services.
 * @cssprop [--ginkgo-muted=#57606a] - Secondary text (labels, hints).
 * @cssprop [--ginkgo-border=#d0d7de] - Borders.
 * @cssprop [--ginkgo-accent=#b3261e] - Buttons and links.
 * @cssprop [--ginkgo-accent-contrast=#ffffff] - Text on the accent colour.
 * @cssprop [--ginkgo-focus=#0b57d0] - Keyboard focus ring.
 * @cssprop [--ginkgo-radius=0.75em] - Corner radius.
 * @cssprop [--ginkgo-font=system-ui, "PingFang SC", …] - Font family.
 * @cssprop [--ginkgo-font-size=16px] - Base font size; everything scales with it.
 * @csspart base - The outer box.
 * @csspart title - The heading.
 * @csspart controls - The filters.
 * @csspart locate-button - "Nearest to me": asks for the visitor's location.
 * @csspart notice - A location problem (permission denied, unavailable).
 * @csspart distance - A station's distance from the visitor.
 * @csspart navigate-link - Directions in Amap (高德地图), in a new tab or the app.
 * @csspart city-select - The city filter.
 * @csspart category-select - The service category filter.
 * @csspart status - The live region announcing result counts.
 * @csspart announcement - The live region announcing a copied address.
 * @csspart results - The station list.
 * @csspart station - One station.
 * @csspart station-name - A station's name.
 * @csspart open-badge - 开放中 / 已关闭.
 * @csspart next-change - When it next opens or closes.
 * @csspart alert - A station's notice, e.g. temporarily closed.
 * @csspart copy-button - Copies the address.
 * @csspart phone - The office phone link (tel:).
 * @csspart service-group - The services of one category (a details element).
 * @csspart message - The empty or error message box.
 * @csspart retry-button - Retry after an error.
 * @csspart more-button - Load the next page.
 */
export class GinkgoStationDirectory extends GinkgoElement {
  static override styles = [baseStyles, finderStyles, directoryStyles];

  static override properties = {
    key: { type: String },
    api: { type: String },
    city: { type: String },
    category: { type: String },
    lang: { type: String, reflect: true },
    _cities: { attribute: false },
    _phase: { attribute: false },
    _problem: { attribute: false },
    _stations: { attribute: false },
    _cursor: { attribute: false },
    _loadingMore: { attribute: false },
    _copied: { attribute: false },
    _announcement: { attribute: false },
    _position: { attribute: false },
    _locating: { attribute: false },
    _geo: { attribute: false },
  };

  /** The tenant's publishable key (`pk_…`). */
  declare key: string;
  /** API base URL. Default: the origin the script was loaded from. */
  declare api: string;
  /** Host city id (e.g. `pizhou_changzhou`) to show first; the visitor can change it. */
  declare city: string;
  /** Service category (`training`, `policy`, `livelihood`, `employment`, `social_insurance`, `legal`, `credit`, `hardship`) to show first. */
  declare category: string;
  /** UI language: `zh-CN` (default) or `en`. */
  declare lang: string;

  declare private _cities: City[];
  declare private _phase: 'loading' | 'ready' | 'error';
  declare private _problem: Problem | null;
  declare private _stations: Station[];
  declare private _cursor: string | null;
  declare private _loadingMore: boolean;
  declare private _copied: Copied | null;
  declare private _announcement: string;
  /** Where the visitor shared it: the stations then come nearest first (across cities, unless one is picked). */
  declare private _position: Position | null;
  declare private _locating: boolean;
  declare private _geo: GeoFailure | null;

  private _client: Ginkgo | Problem = 'missingKey';
  /** The same, past the browser's HTTP cache (a cached answer may be from before the change). */
  private _fresh: Ginkgo | Problem = 'missingKey';
  /** Number of the latest list request: answers to older ones are dropped. */
  private _request = 0;
  /**
   * Every minute: re-renders, so "today"/"tomorrow" stay true on a page left open, and once a
   * station's next opening or closing has passed, asks the server again (once for that instant).
   */
  private _clock?: ReturnType<typeof setInterval>;
  private _reloadedFor = 0;
  private _copyReset?: ReturnType<typeof setTimeout>;

  constructor() {
    super();
    this.key = '';
    this.api = '';
    this.city = '';
    this.category = '';
    this.lang = 'zh-CN';
    this._cities = [];
    this._phase = 'loading';
    this._problem = null;
    this._stations = [];
    this._cursor = null;
    this._loadingMore = false;
    this._copied = null;
    this._announcement = '';
    this._position = null;
    this._locating = false;
    this._geo = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this._clock = setInterval(() => {
      const due = Math.min(...this._stations.map(changeAt).filter(Boolean)); // NaN: no change known
      if (due <= Date.now() && due !== this._reloadedFor && this._phase === 'ready' && !this._loadingMore) {
        this._reloadedFor = due;
        void this._load(false, true);
      }
      this.requestUpdate();
    }, 60_000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this._clock);
    clearTimeout(this._copyReset);
  }

  override willUpdate(changed: PropertyValues): void {
    if (changed.has('key') || changed.has('api')) {
      const base = this.api || defaultApiBase();
      this._client = connect(this.key, base);
      this._fresh = connect(this.key, base, (url, init) => fetch(url, { ...init, cache: 'no-cache' }));
      void this._loadCities();
    }
    if (changed.has('key') || changed.has('api') || changed.has('city') || changed.has('category')) void this._load();
  }

  private get _uiLang(): Lang { return toLang(this.lang); }
  private get _t(): DirectoryMessages { return directoryMessages[this._uiLang]; }

  private async _loadCities(): Promise<void> {
    const client = this._client;
    if (typeof client === 'string') return;
    try {
      this._cities = await client.cities.list();
    } catch {
      this._cities = []; // The filter is optional; the list's own error is shown by load().
    }
  }

  /** `reload`: the same stations again (as many as are shown), keeping them on screen meanwhile. */
  private async _load(append = false, reload = false): Promise<void> {
    const client = reload ? this._fresh : this._client;
    const request = ++this._request;
    if (typeof client === 'string') {
      this._phase = 'error';
      this._problem = client;
      return;
    }
    if (append || reload) this._loadingMore = true;
    else this._phase = 'loading';
    try {
      // An unknown category attribute means all categories, not a 400 from the API.
      const category = (Object.prototype.hasOwnProperty.call(this._t.categoryNames, this.category) ? this.category : undefined) as StationQuery['category'];
      const from = this._position;
      // Nearest first across cities (of those offering the category, if one is picked).
      const page = from && !this.city
        ? { data: await client.stations.near({ ...from, limit: NEAR_LIMIT, category }), nextCursor: null }
        : await client.stations.list({
          city: this.city || undefined, category, cursor: append ? this._cursor ?? undefined : undefined,
          limit: reload ? Math.min(100, Math.max(PAGE_SIZE, this._stations.length)) : PAGE_SIZE,
        });
      if (request !== this._request) return;
      const shown = this._stations.length;
      // A city's pages stay in the API's order (distances shown): re-sorting would move shown stations.
      this._stations = append ? [...this._stations, ...page.data] : page.data;
      this._cursor = page.nextCursor;
      this._phase = 'ready';
      this._problem = null;
      if (append) {
        // The button may be gone (the last page): the keyboard goes on at the first new station.
        await this.updateComplete;
        this.renderRoot.querySelectorAll<HTMLElement>('[part=station-name]')[shown]?.focus();
      }
    } catch (error) {
      if (request !== this._request) return;
      if (reload) this._reloadedFor = 0; // keep what is shown; try again at the next tick
      else {
        this._phase = 'error';
        this._problem = problemOf(error);
      }
    } finally {
      if (request === this._request) this._loadingMore = false;
    }
  }

  private _copy = async (station: Station): Promise<void> => {
    const t = this._t;
    const text = pick(station.address, this._uiLang);
    let ok: boolean;
    try {
      await navigator.clipboard.writeText(text);
      ok = true;
    } catch {
      ok = this._copyBySelection(text); // no Clipboard API on plain http pages and in older WebViews
    }
    this._copied = { id: station.id, ok };
    this._announcement = ok ? t.copiedAddress(pick(station.name, this._uiLang)) : t.copyFailed;
    clearTimeout(this._copyReset);
    this._copyReset = setTimeout(() => { this._copied = null; this._announcement = ''; }, 4000);
  };

  private _copyBySelection(text: string): boolean {
    const focused = this.renderRoot instanceof ShadowRoot ? this.renderRoot.activeElement : null;
    const area = document.createElement('textarea');
    area.value = text;
    area.readOnly = true;
    area.className = 'sr-only';
    this.renderRoot.appendChild(area);
    area.select();
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    } finally {
      area.remove();
      (focused as HTMLElement | null)?.focus(); // the keyboard user stays on the copy button
    }
  }

  private async _locate(): Promise<void> {
    if (this._locating) return;
    this._locating = true;
    this._geo = null;
    try {
      this._position = await currentPosition();
      // Nearest across all cities: a city picked before would hide a closer station over the border.
      if (this.city) this.city = '';
      else void this._load();
    } catch (error) {
      this._geo = error instanceof GeoError ? error.reason : 'unavailable';
    } finally {
      this._locating = false;
    }
  }

  private _filter(event: Event): void {
    const select = event.target as HTMLSelectElement;
    if (select.id === 'city') this.city = select.value;
    else this.category = select.value;
  }

  private _showAll(): void {
    this.city = '';
    this.category = '';
  }

  private _status(t: DirectoryMessages): string {
    if (this._phase === 'loading') return t.loading;
    if (this._phase === 'error') return t[this._problem ?? 'unknownError'];
    return this._cursor ? t.shown(this._stations.length) : t.count(this._stations.length, this._position !== null && !this.city && this._stations.length > 1);
  }

  override render() {
    const lang = this._uiLang;
    const t = this._t;
    return html`
      <section part="base" class="base" lang=${lang} aria-labelledby="title">
        <h2 id="title" part="title">${t.title}</h2>
        <p class="intro">${t.intro}</p>
        <form part="controls" class="controls filters" @change=${this._filter} @submit=${(e: Event) => e.preventDefault()}>
          <button part="locate-button" class="button primary locate" type="button"
            aria-busy=${this._locating ? 'true' : 'false'} @click=${this._locate}>${this._locating ? t.locating : t.nearest}</button>
          <div class="field">
            <label for="city">${t.city}</label>
            <select id="city" part="city-select">
              ${option('', t.allCities, this.city)}
              ${this._cities.map((c) => option(c.id, pick(c.name, lang), this.city))}
            </select>
          </div>
          <div class="field">
            <label for="category">${t.category}</label>
            <select id="category" part="category-select">
              ${option('', t.allCategories, this.category)}
              ${Object.entries(t.categoryNames).map(([id, name]) => option(id, name, this.category))}
            </select>
          </div>
        </form>
        <p part="status" class="status" role="status">${this._status(t)}</p>
        ${this._geo ? html`<p part="notice" class="notice" role="alert">${t[geoText[this._geo]]}</p>` : nothing}
        <p part="announcement" class="sr-only" aria-live="polite">${this._announcement}</p>
        ${this._renderBody(t, lang)}
      </section>`;
  }

  private _renderBody(t: DirectoryMessages, lang: Lang) {
    if (this._phase === 'loading') return skeletons(2);
    if (this._phase === 'error') return problemBox(t, this._problem ?? 'unknownError', () => this._load());
    if (this._stations.length === 0) return emptyBox(t, this._showAll);
    const context = { lang, t, now: Date.now(), copied: this._copied, copy: this._copy, category: this.category, from: this._position };
    return html`
      <ol part="results" class="results" aria-label=${t.title}>${this._stations.map((s) => stationCard(s, context))}</ol>
      ${this._cursor ? moreButton(t, this._loadingMore, () => this._load(true)) : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ginkgo-station-directory': GinkgoStationDirectory;
  }
}
