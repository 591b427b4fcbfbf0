// One station: open now or not, its alert, how to reach it, its hours, its services by category
// and its volunteer teams. Reuses the finder's fact rows and tel: links.
import { html, nothing } from 'lit';
import type { Position } from '../../../schema/common.ts';
import type { Station } from '../../../schema/stations.ts';
import { fact, telHref } from '../branch-finder/branch-card.ts';
import { distanceMeters, formatDistance } from '../shared/distance.ts';
import { pick, type Lang } from '../shared/i18n.ts';
import { exceptionLines, nextChange, weekLines } from './hours.ts';
import type { DirectoryMessages } from './messages.ts';

/** The latest copy of an address: which station's, and whether the clipboard took it. */
export type Copied = { id: string; ok: boolean };

export type CardContext = {
  lang: Lang; t: DirectoryMessages; now: number; copied: Copied | null; copy: (station: Station) => void;
  /** The category filtered on: its services are shown open. */
  category: string;
  /** The visitor's position, where they shared it: each card then says how far it is. */
  from: Position | null;
};

/**
 * Directions in Amap (高德地图), the map most members' phones have: its web page, which opens the
 * app where installed. It takes WGS-84 as stored (coordinate=wgs84) and converts for its GCJ-02 map.
 */
const mapLink = ({ position, name }: Station, lang: Lang) =>
  `https://uri.amap.com/marker?position=${position.lng},${position.lat}&name=${encodeURIComponent(pick(name, lang))}&src=ginkgo&coordinate=wgs84&callnative=1`;

const lines = (rows: [string, string][]) => rows.map(([when, what]) => html`<span class="line"><span>${when}</span> ${what}</span>`);

function languageNames(lang: Lang): (code: string) => string {
  const names = new Intl.DisplayNames(lang, { type: 'language' });
  return (code) => {
    try { return names.of(code) ?? code; } catch { return code; } // a malformed code from the API is shown as is
  };
}

function services(station: Station, { lang, t, category }: CardContext) {
  const language = languageNames(lang);
  return html`<h4>${t.services}</h4>
    ${station.services.map((group) => html`<details part="service-group" ?open=${group.category === category}>
      <summary>${t.categoryNames[group.category] ?? group.category}</summary>
      ${group.services.map((s) => html`<div class="service">
        <p>${pick(s.description, lang)}</p>
        <dl class="facts">
          ${fact(t.eligibility, pick(s.eligibility, lang))}
          ${fact(t.howToApply, pick(s.howToApply, lang))}
          ${fact(t.fees, s.fees ? pick(s.fees, lang) : t.free)}
          ${s.languages.length ? fact(t.languages, s.languages.map(language).join(t.sep)) : nothing}
        </dl></div>`)}
    </details>`)}`;
}

export function stationCard(station: Station, c: CardContext) {
  const { lang, t, now } = c;
  const id = `name-${station.id}`;
  const open = station.openNow;
  const special = exceptionLines(station, now, lang, t);
  return html`
    <li part="station" class="result">
      <article aria-labelledby=${id}>
        <div class="result-head">
          <h3 id=${id} part="station-name" tabindex="-1">${pick(station.name, lang)}</h3>
          ${c.from ? html`<span part="distance" class="distance">${t.distance(formatDistance(distanceMeters(c.from, station.position), lang))}</span>` : nothing}
        </div>
        <p class="state">
          <span part="open-badge" class=${open ? 'badge open' : 'badge'}>${open ? t.open : t.closed}</span>
          <span part="next-change">${nextChange(station, now, lang, t)}</span>
        </p>
        ${station.alert ? html`<p part="alert" class="notice"><strong>${t.notice}</strong>${pick(station.alert, lang)}</p>` : nothing}
        <p class="desc">${pick(station.description, lang)}</p>
        <dl class="facts">
          ${fact(t.address, html`<span class="address">${pick(station.address, lang)}
            <span class="address-actions"><button part="copy-button" class="button small" type="button" @click=${() => c.copy(station)}>
              ${c.copied?.id === station.id ? (c.copied.ok ? t.copied : t.notCopied) : t.copy}<span class="sr-only"> ${t.address}</span></button>
            <a part="navigate-link" class="button small" href=${mapLink(station, lang)} target="_blank" rel="noopener">${t.navigate}<span class="sr-only"> ${pick(station.name, lang)}</span></a></span></span>`)}
          ${station.officePhone
            ? fact(t.phone, html`<a part="phone" href=${telHref(station.officePhone)}>${station.officePhone}</a>`)
            : nothing}
          ${fact(t.hours, lines(weekLines(station.hours, lang, t)))}
          ${special.length ? fact(t.special, lines(special)) : nothing}
        </dl>
        ${station.services.length ? services(station, c) : nothing}
        ${station.volunteerTeams.length ? html`<h4>${t.teams}</h4>
          <ul class="teams">${station.volunteerTeams.map((v) => html`<li><strong>${pick(v.name, lang)}</strong>
            ${pick(v.description, lang)}</li>`)}</ul>` : nothing}
      </article>
    </li>`;
}
