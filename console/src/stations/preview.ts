// <console-station-preview>: the station as the public directory shows it. It renders the station
// directory widget's own card (widgets/src/station-directory/station-card.ts) with the widget's own
// styles and words, so what staff see here is what <ginkgo-station-directory> shows visitors.
import { html, LitElement, unsafeCSS } from 'lit';
import type { Station } from '../../../schema/stations.ts';
import { finderStyles } from '../../../widgets/src/branch-finder/branch-finder.styles.ts';
import { baseStyles } from '../../../widgets/src/shared/theme.ts';
import { directoryMessages } from '../../../widgets/src/station-directory/messages.ts';
import { stationCard, type Copied } from '../../../widgets/src/station-directory/station-card.ts';
import { directoryStyles } from '../../../widgets/src/station-directory/station-directory.styles.ts';
import type { Lang } from '../i18n.ts';

export class ConsoleStationPreview extends LitElement {
  static override properties = { lang: {}, station: { attribute: false }, _copied: { state: true } };
  static override styles = [unsafeCSS(baseStyles), unsafeCSS(finderStyles), unsafeCSS(directoryStyles)];

  declare lang: Lang;
  declare station: Station | null;
  declare private _copied: Copied | null;

  constructor() {
    super();
    this.lang = 'zh-CN';
    this.station = null;
    this._copied = null;
  }

  private async _copy(station: Station) {
    let ok = true;
    try { await navigator.clipboard.writeText(station.address[this.lang === 'en' ? 'en' : 'zh']); } catch { ok = false; }
    this._copied = { id: station.id, ok };
  }

  override render() {
    const station = this.station;
    if (!station) return html``;
    const lang = this.lang;
    return html`<div part="base" class="base" lang=${lang}><ol class="results">${stationCard(station, {
      lang, t: directoryMessages[lang], now: Date.now(), copied: this._copied, copy: (s) => void this._copy(s), category: '', from: null,
    })}</ol></div>`;
  }
}

customElements.define('console-station-preview', ConsoleStationPreview);
