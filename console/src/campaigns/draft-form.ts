// <console-campaign-draft>: writes a new campaign (POST /v1/campaigns) or changes a draft
// (PATCH /v1/campaigns/{id}): the letter in Chinese and optionally English, who signs it, its dates
// (days in Shanghai: from 00:00 of the first to the end of the last), its audience (towns or
// villages from the home tree, categories, not reported since a date; none: every member, counted
// by POST /v1/campaigns/audience-count), its channels and reminders. The server's field errors
// (`details[].path`) show next to their fields. Closes with `console-close` (the id saved, or null).
import { css, html, nothing } from 'lit';
import type { Campaign } from '../../../schema/campaigns.ts';
import type { RosterNode } from '../../../schema/roster.ts';
import { api, ApiError, newIdempotencyKey } from '../api.ts';
import { pick, type Lang } from '../i18n.ts';
import { CATEGORIES, dayStart, isoDate, ScreenElement, screenStyles, type Category } from '../screen.ts';
import { base } from '../styles.ts';
import type { NodePicked } from '../tree/tree.ts';
import '../tree/tree.ts';
import { campaignMessages, formExtras } from './messages.ts';

const DAY = 86_400_000;
type Field = 'titleZh' | 'titleEn' | 'bodyZh' | 'bodyEn' | 'signatory' | 'startsAt' | 'endsAt' | 'audience' | 'channels' | 'reminderAfterDays' | 'reminderLimit';
const TEXT_FIELDS = ['titleZh', 'titleEn', 'signatory'] as const;
const REQUIRED: readonly Field[] = ['titleZh', 'bodyZh', 'signatory', 'startsAt', 'endsAt'];

type Draft = {
  titleZh: string; titleEn: string; bodyZh: string; bodyEn: string; signatory: string; startsAt: string; endsAt: string;
  units: { id: string; name: RosterNode['name'] }[]; categories: Category[]; notReportedSince: string;
  channels: ('print' | 'sms')[]; reminderAfterDays: string; reminderLimit: string;
};

function draftOf(c: Campaign | null): Draft {
  const now = Date.now();
  if (!c) {
    return {
      titleZh: '', titleEn: '', bodyZh: '', bodyEn: '', signatory: '', startsAt: isoDate(now), endsAt: isoDate(now + 90 * DAY),
      units: [], categories: [], notReportedSince: '', channels: ['print', 'sms'], reminderAfterDays: '14', reminderLimit: '2',
    };
  }
  return {
    titleZh: c.titleZh, titleEn: c.titleEn ?? '', bodyZh: c.bodyZh, bodyEn: c.bodyEn ?? '', signatory: c.signatory,
    startsAt: isoDate(c.startsAt), endsAt: isoDate(c.endsAt - 1),
    units: (c.audience.homeUnitIds ?? []).map((id) => ({ id, name: { zh: id, en: id } })), categories: c.audience.categories ?? [],
    notReportedSince: c.audience.notReportedSince ? isoDate(c.audience.notReportedSince) : '', channels: c.channels,
    reminderAfterDays: String(c.reminderAfterDays), reminderLimit: String(c.reminderLimit),
  };
}

export class ConsoleCampaignDraft extends ScreenElement {
  static override properties = {
    campaign: { attribute: false }, _d: { state: true }, _problems: { state: true }, _error: { state: true }, _saving: { state: true },
    _picking: { state: true }, _count: { state: true },
  };
  static override styles = [base, screenStyles, css`
    form { padding: 1rem; display: grid; gap: 1rem; }
    fieldset { border: 1px solid var(--line); border-radius: var(--radius); padding: 0.75rem; display: grid; gap: 0.75rem; margin: 0; min-width: 0; }
    legend { font-weight: 600; padding: 0 0.25rem; }
    textarea.input { min-height: 12rem; }
    .pair { display: grid; gap: 1rem; }
    @media (min-width: 48rem) { .pair { grid-template-columns: 1fr 1fr; } }
    .checks { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; }
    .checks label { display: inline-flex; align-items: center; gap: 0.375rem; min-height: 2.75rem; }
    .checks input { width: 1.25rem; height: 1.25rem; }
    .chips { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.5rem; }
    .chips li { display: inline-flex; align-items: center; gap: 0.25rem; padding-inline-start: 0.75rem; border: 1px solid var(--line); border-radius: 999px; }
    .chips .button { min-height: 2.75rem; border: 0; }
    .picker { border: 1px solid var(--line); border-radius: var(--radius); padding: 0.5rem; }
  `];

  declare campaign: Campaign | null;
  declare private _d: Draft;
  declare private _problems: Partial<Record<Field, string>>;
  declare private _error: ((lang: Lang) => string) | null;
  declare private _saving: boolean;
  declare private _picking: boolean;
  declare private _count: number | 'counting' | null;

  constructor() {
    super();
    this.campaign = null;
    this._problems = {};
    this._error = null;
    this._saving = false;
    this._picking = false;
    this._count = null;
  }

  private get _t() { return campaignMessages[this.lang].form; }

  override connectedCallback(): void {
    super.connectedCallback();
    this._d ??= draftOf(this.campaign);
  }

  private _set<K extends keyof Draft>(key: K, value: Draft[K]) {
    this._d = { ...this._d, [key]: value };
    this._count = null;
  }

  private _audience() {
    const d = this._d;
    const since = dayStart(d.notReportedSince);
    return {
      ...(d.units.length ? { homeUnitIds: d.units.map((u) => u.id) } : {}),
      ...(d.categories.length ? { categories: d.categories } : {}),
      ...(Number.isNaN(since) ? {} : { notReportedSince: since }),
    };
  }

  private _body() {
    const d = this._d;
    const optional = (text: string) => (text.trim() ? text.trim() : null);
    return {
      titleZh: d.titleZh.trim(), titleEn: optional(d.titleEn), bodyZh: d.bodyZh.trim(), bodyEn: optional(d.bodyEn), signatory: d.signatory.trim(),
      startsAt: dayStart(d.startsAt), endsAt: dayStart(d.endsAt) + DAY - 1, audience: this._audience(), channels: d.channels,
      reminderAfterDays: Number(d.reminderAfterDays), reminderLimit: Number(d.reminderLimit),
    };
  }

  private async _countAudience() {
    this._count = 'counting';
    try {
      const { members } = await api<{ members: number }>('/v1/campaigns/audience-count', { method: 'POST', body: { audience: this._audience() } });
      this._count = members;
    } catch (error) {
      this._count = null;
      this._error = this._explain(error);
    }
  }

  private async _save(e: Event) {
    e.preventDefault();
    const body = this._body();
    const problems: Partial<Record<Field, string>> = {};
    for (const f of REQUIRED) {
      const value = body[f as keyof typeof body];
      if (value === '' || (typeof value === 'number' && Number.isNaN(value))) problems[f] = this._t.required;
    }
    this._problems = problems;
    this._error = null;
    if (Object.keys(problems).length) return this._focusProblem();
    this._saving = true;
    try {
      const id = this.campaign?.id;
      const saved = await api<Campaign>(id ? `/v1/campaigns/${encodeURIComponent(id)}` : '/v1/campaigns', {
        method: id ? 'PATCH' : 'POST', body, headers: id ? {} : { 'Idempotency-Key': newIdempotencyKey() },
      });
      this.dispatchEvent(new CustomEvent('console-close', { detail: saved.id }));
    } catch (error) {
      if (error instanceof ApiError && error.status === 400 && Array.isArray(error.details)) {
        const found: Partial<Record<Field, string>> = {};
        for (const d of error.details as { path?: string; message?: string }[]) {
          const field = (d.path ?? '').split('.')[0] as Field;
          if (field) found[field] ??= d.message ?? '';
        }
        this._problems = found;
        this._error = (lang) => campaignMessages[lang].form.fix;
        this._focusProblem();
      } else {
        this._error = this._explain(error);
      }
    } finally {
      this._saving = false;
    }
  }

  private _focusProblem() {
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
  }

  private _problem(f: Field) {
    return html`<p id="${f}-problem" class="error" role="alert">${this._problems[f] ?? ''}</p>`;
  }

  private _text(f: (typeof TEXT_FIELDS)[number], optional = false) {
    return html`<div class="field"><label for=${f}>${this._t[f]}${optional ? this._t.optional : ''}</label>
      <input id=${f} class="input" .value=${this._d[f]} aria-invalid=${this._problems[f] ? 'true' : 'false'} aria-describedby="${f}-problem"
        @input=${(e: Event) => this._set(f, (e.target as HTMLInputElement).value)}>${this._problem(f)}</div>`;
  }

  private _area(f: 'bodyZh' | 'bodyEn', optional = false) {
    return html`<div class="field"><label for=${f}>${this._t[f]}${optional ? this._t.optional : ''}</label>
      <textarea id=${f} class="input" .value=${this._d[f]} aria-invalid=${this._problems[f] ? 'true' : 'false'} aria-describedby="${f}-problem"
        @input=${(e: Event) => this._set(f, (e.target as HTMLTextAreaElement).value)}></textarea>${this._problem(f)}</div>`;
  }

  private _date(f: 'startsAt' | 'endsAt') {
    return html`<div class="field"><label for=${f}>${this._t[f]}</label>
      <input id=${f} class="input" type="date" .value=${this._d[f]} aria-invalid=${this._problems[f] ? 'true' : 'false'} aria-describedby="${f}-problem"
        @change=${(e: Event) => this._set(f, (e.target as HTMLInputElement).value)}>${this._problem(f)}</div>`;
  }

  private _pick(p: NodePicked) {
    if (!this._d.units.some((u) => u.id === p.node.id)) this._set('units', [...this._d.units, { id: p.node.id, name: p.node.name }]);
  }

  override render() {
    const t = this._t;
    const x = formExtras[this.lang];
    const c = this._c;
    const d = this._d;
    return html`
      <h1>${this.campaign ? t.editTitle : t.newTitle}</h1>
      <form class="card" novalidate @submit=${this._save}>
        <div class="pair">${this._text('titleZh')}${this._text('titleEn', true)}</div>
        <div class="pair">${this._area('bodyZh')}${this._area('bodyEn', true)}</div>
        ${this._text('signatory')}
        <div class="pair">${this._date('startsAt')}${this._date('endsAt')}</div>
        <fieldset aria-describedby="audience-problem"><legend>${t.audience}</legend>
          <div class="field"><span class="label">${t.units}</span>
            ${d.units.length ? html`<ul class="chips">${d.units.map((u) => html`<li>${pick(u.name, this.lang)}
              <button type="button" class="button quiet" aria-label="${t.remove} ${pick(u.name, this.lang)}"
                @click=${() => this._set('units', d.units.filter((x) => x.id !== u.id))}>×</button></li>`)}</ul>` : html`<p class="hint">${t.allMembers}</p>`}
            <div><button type="button" class="button quiet" aria-expanded=${this._picking ? 'true' : 'false'}
              @click=${() => { this._picking = !this._picking; }}>${t.pickUnits}</button></div>
            ${this._picking ? html`<div class="picker"><console-tree .lang=${this.lang} side="home" .label=${t.units}
              @console-node=${(e: CustomEvent<NodePicked>) => this._pick(e.detail)}></console-tree></div>` : nothing}
          </div>
          <div class="field"><span class="label" id="categories-label">${t.categories}</span>
            <div class="checks" role="group" aria-labelledby="categories-label">${CATEGORIES.map((cat) => html`<label>
              <input type="checkbox" .checked=${d.categories.includes(cat)}
                @change=${(e: Event) => this._set('categories', (e.target as HTMLInputElement).checked ? [...d.categories, cat] : d.categories.filter((x) => x !== cat))}>
              ${c.categories[cat]}</label>`)}</div></div>
          <div class="field"><label for="since">${t.notReportedSince}${t.optional}</label>
            <input id="since" class="input" type="date" .value=${d.notReportedSince} @change=${(e: Event) => this._set('notReportedSince', (e.target as HTMLInputElement).value)}></div>
          <div class="actions"><button type="button" class="button quiet" ?disabled=${this._count === 'counting'} @click=${this._countAudience}>
            ${this._count === 'counting' ? t.counting : t.count}</button>
            <p role="status">${typeof this._count === 'number' ? x.audienceCount(this._count) : ''}</p></div>
          ${this._problem('audience')}
        </fieldset>
        <fieldset aria-describedby="channels-problem"><legend>${t.channels}</legend>
          <div class="checks">${(['print', 'sms'] as const).map((ch) => html`<label>
            <input type="checkbox" .checked=${d.channels.includes(ch)}
              @change=${(e: Event) => this._set('channels', (e.target as HTMLInputElement).checked ? [...d.channels, ch] : d.channels.filter((x) => x !== ch))}>
            ${x.channelNames[ch]}</label>`)}</div>
          ${this._problem('channels')}
        </fieldset>
        <div class="pair">
          ${(['reminderAfterDays', 'reminderLimit'] as const).map((f) => html`<div class="field"><label for=${f}>${t[f]}</label>
            <input id=${f} class="input" type="number" inputmode="numeric" min="0" .value=${d[f]} aria-invalid=${this._problems[f] ? 'true' : 'false'}
              aria-describedby="${f}-problem" @input=${(e: Event) => this._set(f, (e.target as HTMLInputElement).value)}>${this._problem(f)}</div>`)}
        </div>
        ${this._error ? html`<p class="notice bad" role="alert">${this._error(this.lang)}</p>` : nothing}
        <div class="actions">
          <button type="submit" class="button primary" ?disabled=${this._saving}>${this._saving ? t.saving : this.campaign ? t.saveDraft : t.create}</button>
          <button type="button" class="button quiet" @click=${() => this.dispatchEvent(new CustomEvent('console-close', { detail: null }))}>${t.cancel}</button>
        </div>
      </form>
    `;
  }
}

customElements.define('console-campaign-draft', ConsoleCampaignDraft);
