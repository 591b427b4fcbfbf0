// <console-stations>: 驿站信息. A station of the acting role's scope (a station manager's own; a
// committee secretary's committee's; any for the home admin, from GET /v1/stations) and its entry
// in the public directory: details and the notice (PATCH /v1/stations/{id}, only the fields
// changed), weekly hours with special dates (PUT …/hours), volunteer teams (PUT …/volunteer-teams)
// and services (POST, PATCH, DELETE …/services). Each answer is the station as the public reads
// it, shown in <console-station-preview>, the directory widget's own card.
import { css, html, nothing } from 'lit';
import type { LocalizedText } from '../../../schema/common.ts';
import type { Station, StationPage } from '../../../schema/stations.ts';
import { api, ApiError } from '../api.ts';
import { pick, type Lang } from '../i18n.ts';
import { ScreenElement, screenStyles } from '../screen.ts';
import { base } from '../styles.ts';
import { dayAhead, datesOf, hoursBody, slotsOf, teamsBody, teamsOf, type Section, type Slot, type SpecialDate, type TeamDraft } from './drafts.ts';
import { stationMessages } from './messages.ts';
import './preview.ts';
import { serviceForms } from './services.ts';

type Words = (typeof stationMessages)['en'];
/** What went wrong with a save: a sentence, or the API's field problems. */
type Problem = { section: Section; say: (lang: Lang) => string; details: string[] };

const DETAIL_FIELDS = ['name', 'description', 'address', 'alert'] as const;
const textOf = (data: FormData, name: string): LocalizedText => ({ zh: String(data.get(`${name}.zh`) ?? '').trim(), en: String(data.get(`${name}.en`) ?? '').trim() });
const same = (a: LocalizedText | null, b: LocalizedText | null) => (a?.zh ?? '') === (b?.zh ?? '') && (a?.en ?? '') === (b?.en ?? '');

export class ConsoleStations extends ScreenElement {
  static override properties = {
    _choices: { state: true }, _station: { state: true }, _error: { state: true }, _busy: { state: true }, _notice: { state: true },
    _problem: { state: true }, _slots: { state: true }, _dates: { state: true }, _teams: { state: true },
  };
  static override styles = [base, screenStyles, css`
    .intro { color: var(--muted); margin-bottom: 1rem; }
    .layout { display: grid; gap: 1rem; align-items: start; }
    @media (min-width: 64rem) { .layout { grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); } .side { position: sticky; top: 1rem; } }
    form, .side { padding: 1rem; display: grid; gap: 0.75rem; }
    .editor { display: grid; gap: 1rem; }
    fieldset { border: 0; margin: 0; padding: 0; display: grid; gap: 0.5rem; min-width: 0; }
    legend { font-weight: 600; padding: 0; margin-bottom: 0.25rem; }
    .pair { display: grid; gap: 0.5rem; }
    @media (min-width: 36rem) { .pair { grid-template-columns: 1fr 1fr; } }
    .pair label { font-size: 0.875rem; color: var(--muted); }
    .row { display: grid; gap: 0.5rem; padding: 0.75rem; border-radius: var(--radius); background: var(--page); }
    .cells { display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); gap: 0.5rem; align-items: end; }
    .slot { padding: 0.5rem 0.75rem; }
    .to-preview { justify-self: start; }
    @media (min-width: 64rem) { .to-preview { display: none; } }
    .check { display: flex; align-items: center; gap: 0.5rem; min-height: 2.75rem; }
    .check input { width: 1.25rem; height: 1.25rem; }
    .problems { margin: 0; padding-inline-start: 1.25rem; }
    .picker { max-width: 32rem; margin-bottom: 1rem; }
    .services { padding: 1rem; display: grid; gap: 0.75rem; }
    .services summary { padding: 0.625rem 0; cursor: pointer; font-weight: 600; min-height: 2.75rem; overflow-wrap: anywhere; }
  `];

  declare private _choices: Station[] | null;
  declare private _station: Station | null;
  declare private _error: ((lang: Lang) => string) | null;
  declare private _busy: Section | null;
  declare private _notice: { section: Section; say: (t: Words) => string } | null;
  declare private _problem: Problem | null;
  declare private _slots: Slot[];
  declare private _dates: SpecialDate[];
  declare private _teams: TeamDraft[];
  private _started = false;

  constructor() {
    super();
    this._choices = null;
    this._station = null;
    this._error = null;
    this._busy = null;
    this._notice = null;
    this._problem = null;
    this._slots = [];
    this._dates = [];
    this._teams = [];
  }

  private get _t() { return stationMessages[this.lang]; }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this._started) {
      this._started = true;
      void this._loadChoices();
    }
  }

  /** The stations this role keeps: its own (a manager), its committee's, or every one (home admin). */
  private async _loadChoices() {
    const { role, scopeNode } = this.acting;
    try {
      if (role === 'station_manager') {
        this._choices = scopeNode ? [await api<Station>(`/v1/stations/${encodeURIComponent(scopeNode.id)}`)] : [];
      } else {
        const all: Station[] = [];
        let cursor: string | null = null;
        do {
          const page: StationPage = await api<StationPage>(`/v1/stations?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
          all.push(...page.data);
          cursor = page.nextCursor;
        } while (cursor);
        this._choices = role === 'committee_secretary' ? all.filter((s) => s.committee?.id === scopeNode?.id) : all;
      }
      if (this._choices[0]) this._show(this._choices[0]);
    } catch (error) {
      this._error = this._explain(error);
    }
  }

  private _show(station: Station) {
    this._station = station;
    this._slots = slotsOf(station);
    this._dates = datesOf(station);
    this._teams = teamsOf(station);
    this._choices = this._choices?.map((s) => (s.id === station.id ? station : s)) ?? null;
  }

  private _pick(e: Event) {
    const chosen = this._choices?.find((s) => s.id === (e.target as HTMLSelectElement).value);
    this._notice = null;
    this._problem = null;
    if (chosen) this._show(chosen);
  }

  /** Sends one change; the answer (the station as the public reads it) replaces what is shown. */
  async save(section: Section, path: string, method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', body: unknown, done: (t: Words) => string) {
    const station = this._station;
    if (!station || this._busy) return;
    this._busy = section;
    this._problem = null;
    this._notice = null;
    try {
      this._show(await api<Station>(`/v1/stations/${encodeURIComponent(station.id)}${path}`, { method, body }));
      this._notice = { section, say: done };
    } catch (error) {
      const details = error instanceof ApiError && Array.isArray(error.details)
        ? (error.details as { path?: string; message?: string }[]).map((d) => `${d.path ?? ''}: ${d.message ?? ''}`) : [];
      this._problem = { section, say: this._explain(error), details };
    } finally {
      this._busy = null;
    }
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`[data-outcome="${section}"]`)?.focus();
  }

  /** Where a section says how its save went. */
  outcome(section: Section) {
    const n = this._notice?.section === section ? this._notice : null;
    const p = this._problem?.section === section ? this._problem : null;
    return html`<div class="status" tabindex="-1" data-outcome=${section} role=${p ? 'alert' : 'status'}>
      ${n ? html`<p class="notice">${n.say(this._t)}</p>` : nothing}
      ${p ? html`<div class="notice bad"><p>${p.say(this.lang)}</p>${p.details.length ? html`<ul class="problems">${p.details.map((d) => html`<li>${d}</li>`)}</ul>` : nothing}</div>` : nothing}
    </div>`;
  }

  submitButton(section: Section, label: string) {
    return html`<button type="submit" class="button primary" ?disabled=${this._busy !== null}>${this._busy === section ? this._c.saving : label}</button>`;
  }

  /** Two inputs, 中文 and English, under one legend; named `name.zh` and `name.en`. */
  pair(name: string, legend: string, value: LocalizedText | null,
    { long = false, hint = '', onInput, idPrefix }: { long?: boolean; hint?: string; onInput?: (lang: 'zh' | 'en', value: string) => void; idPrefix?: string } = {}) {
    const t = this._t;
    const input = (lang: 'zh' | 'en') => {
      const id = `${idPrefix ? `${idPrefix}-` : ''}${name}-${lang}`;
      const changed = onInput && ((e: Event) => onInput(lang, (e.target as HTMLInputElement).value));
      return html`<div class="field"><label for=${id}>${lang === 'zh' ? t.zh : t.en}</label>${long
        ? html`<textarea id=${id} name="${name}.${lang}" class="input" lang=${lang === 'zh' ? 'zh-CN' : 'en'} .value=${value?.[lang] ?? ''} @input=${changed}></textarea>`
        : html`<input id=${id} name="${name}.${lang}" class="input" lang=${lang === 'zh' ? 'zh-CN' : 'en'} .value=${value?.[lang] ?? ''} @input=${changed}>`}</div>`;
    };
    return html`<fieldset><legend>${legend}</legend><div class="pair">${input('zh')}${input('en')}</div>
      ${hint ? html`<p class="hint">${hint}</p>` : nothing}</fieldset>`;
  }

  private _saveDetails(e: Event) {
    e.preventDefault();
    const s = this._station!;
    const data = new FormData(e.target as HTMLFormElement);
    const body: Record<string, unknown> = {};
    for (const field of DETAIL_FIELDS) {
      const text = textOf(data, field);
      const value = field === 'alert' && !text.zh && !text.en ? null : text;
      if (!same(value, s[field])) body[field] = value;
    }
    const phone = String(data.get('officePhone') ?? '').trim() || null;
    const email = String(data.get('officeEmail') ?? '').trim() || null;
    if (phone !== s.officePhone) body['officePhone'] = phone;
    if (email !== s.officeEmail) body['officeEmail'] = email;
    if (!Object.keys(body).length) {
      this._problem = null;
      this._notice = { section: 'details', say: (t) => t.nothingChanged };
      return;
    }
    void this.save('details', '', 'PATCH', body, (t) => t.saved(t.what.details));
  }

  private _details(s: Station) {
    const t = this._t;
    return html`<form class="card" novalidate aria-labelledby="details-title" @submit=${this._saveDetails}>
      <h2 id="details-title">${t.details}</h2>
      ${this.pair('name', t.name, s.name)}
      ${this.pair('description', t.description, s.description, { long: true })}
      ${this.pair('address', t.address, s.address)}
      <div class="pair">
        <div class="field"><label for="officePhone">${t.phone}</label><input id="officePhone" name="officePhone" class="input" type="tel" .value=${s.officePhone ?? ''}></div>
        <div class="field"><label for="officeEmail">${t.email}</label><input id="officeEmail" name="officeEmail" class="input" type="email" .value=${s.officeEmail ?? ''}></div>
      </div>
      ${this.pair('alert', t.alert, s.alert, { hint: t.alertHint })}
      ${this.outcome('details')}
      <div class="actions">${this.submitButton('details', t.saveDetails)}</div>
    </form>`;
  }

  private _changed() { this.requestUpdate(); }

  /** On a phone the preview is below every form: this takes the reader there. */
  private _toPreview() {
    const preview = this.renderRoot.querySelector<HTMLElement>('#preview');
    preview?.scrollIntoView();
    preview?.focus();
  }

  private _hours() {
    const t = this._t;
    const slots = this._slots;
    const dates = this._dates;
    const time = (id: string, label: string, value: string, set: (v: string) => void) => html`<div class="field"><label for=${id}>${label}</label>
      <input id=${id} class="input" type="time" required .value=${value} @input=${(e: Event) => { set((e.target as HTMLInputElement).value); this._changed(); }}></div>`;
    const submit = (e: Event) => {
      e.preventDefault();
      void this.save('hours', '/hours', 'PUT', hoursBody(slots, dates), (w) => w.saved(w.what.hours));
    };
    return html`<form class="card" novalidate aria-labelledby="hours-title" @submit=${submit}>
      <h2 id="hours-title">${t.hours}</h2>
      <p class="hint">${t.hoursHint}</p>
      ${slots.map((slot, i) => html`<fieldset class="row slot"><legend class="sr-only">${t.slot(i + 1)}</legend><div class="cells">
        <div class="field"><label for="weekday-${i}">${t.weekday}</label>
          <select id="weekday-${i}" class="input" @change=${(e: Event) => { slot.weekday = Number((e.target as HTMLSelectElement).value); this._changed(); }}>
            ${[1, 2, 3, 4, 5, 6, 0].map((d) => html`<option value=${d} ?selected=${d === slot.weekday}>${t.weekdays[d]}</option>`)}</select></div>
        ${time(`opens-${i}`, t.opens, slot.opens, (v) => { slot.opens = v; })}
        ${time(`closes-${i}`, t.closes, slot.closes, (v) => { slot.closes = v; })}
        <button type="button" class="button quiet" @click=${() => { this._slots = slots.filter((x) => x !== slot); }}>${t.remove}<span class="sr-only"> ${t.slot(i + 1)}</span></button>
      </div></fieldset>`)}
      <div class="actions"><button type="button" class="button" @click=${() => { this._slots = [...slots, { weekday: 1, opens: '09:00', closes: '17:00' }]; }}>${t.addSlot}</button></div>
      <h3>${t.exceptions}</h3>
      <p class="hint">${t.exceptionsHint}</p>
      ${dates.map((d, i) => html`<fieldset class="row"><legend>${t.exception(i + 1)}</legend><div class="cells">
        <div class="field"><label for="date-${i}">${t.date}</label>
          <input id="date-${i}" class="input" type="date" required .value=${d.date} @input=${(e: Event) => { d.date = (e.target as HTMLInputElement).value; this._changed(); }}></div>
        <label class="check"><input type="checkbox" .checked=${d.closed} @change=${(e: Event) => { d.closed = (e.target as HTMLInputElement).checked; this._changed(); }}>${t.closedAllDay}</label>
        ${d.closed ? nothing : html`${time(`date-opens-${i}`, t.opens, d.opens, (v) => { d.opens = v; })}${time(`date-closes-${i}`, t.closes, d.closes, (v) => { d.closes = v; })}`}
      </div>
      ${this.pair(`note-${i}`, t.note, d.note, { onInput: (lang, v) => { d.note[lang] = v; } })}
      <div class="actions"><button type="button" class="button quiet" @click=${() => { this._dates = dates.filter((x) => x !== d); }}>${t.remove}<span class="sr-only"> ${t.exception(i + 1)}</span></button></div>
      </fieldset>`)}
      <div class="actions"><button type="button" class="button" @click=${() => { this._dates = [...dates, { date: dayAhead(7), closed: true, opens: '09:00', closes: '17:00', note: { zh: '', en: '' } }]; }}>${t.addException}</button></div>
      ${this.outcome('hours')}
      <div class="actions">${this.submitButton('hours', t.saveHours)}</div>
    </form>`;
  }

  private _teamsForm() {
    const t = this._t;
    const teams = this._teams;
    const submit = (e: Event) => {
      e.preventDefault();
      void this.save('teams', '/volunteer-teams', 'PUT', teamsBody(teams), (w) => w.saved(w.what.teams));
    };
    return html`<form class="card" novalidate aria-labelledby="teams-title" @submit=${submit}>
      <h2 id="teams-title">${t.teams}</h2>
      <p class="hint">${t.teamsHint}</p>
      ${teams.map((team, i) => html`<fieldset class="row"><legend>${t.team(i + 1)}</legend>
        ${this.pair(`team-name-${i}`, t.teamName, team.name, { onInput: (lang, v) => { team.name[lang] = v; } })}
        ${this.pair(`team-description-${i}`, t.teamDescription, team.description, { long: true, onInput: (lang, v) => { team.description[lang] = v; } })}
        <div class="actions"><button type="button" class="button quiet" @click=${() => { this._teams = teams.filter((x) => x !== team); }}>${t.remove}<span class="sr-only"> ${t.team(i + 1)}</span></button></div>
      </fieldset>`)}
      <div class="actions"><button type="button" class="button" @click=${() => { this._teams = [...teams, { name: { zh: '', en: '' }, description: { zh: '', en: '' } }]; }}>${t.addTeam}</button></div>
      ${this.outcome('teams')}
      <div class="actions">${this.submitButton('teams', t.saveTeams)}</div>
    </form>`;
  }

  override render() {
    const t = this._t;
    const choices = this._choices;
    const s = this._station;
    const head = html`<h1>${t.title}</h1><p class="intro">${t.intro}</p>`;
    if (this._error) return html`${head}<p class="notice bad" role="alert">${this._error(this.lang)}</p>`;
    if (!choices) return html`${head}<p role="status">${this._c.loading}</p>`;
    if (!s) return html`${head}<p class="notice" role="status">${t.none}</p>`;
    return html`${head}
      ${choices.length > 1 ? html`<div class="field picker"><label for="station">${t.pick}</label>
        <select id="station" class="input" @change=${this._pick}>${choices.map((c) => html`<option value=${c.id} ?selected=${c.id === s.id}>${pick(c.name, this.lang)}</option>`)}</select></div>` : nothing}
      <div class="layout">
        <div class="editor">
          <button type="button" class="button quiet to-preview" @click=${this._toPreview}>${t.toPreview}</button>
          ${this._details(s)}
          ${this._hours()}
          ${this._teamsForm()}
          ${serviceForms(this, s, this._t)}
        </div>
        <section class="card side" id="preview" tabindex="-1" aria-labelledby="preview-title">
          <h2 id="preview-title">${t.preview}</h2>
          <p class="hint">${t.previewHint}</p>
          <console-station-preview .lang=${this.lang} .station=${s}></console-station-preview>
        </section>
      </div>`;
  }
}

customElements.define('console-stations', ConsoleStations);
