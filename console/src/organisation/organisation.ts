// <console-organisation>: 组织架构. The trees the acting grant edits (host: committees → branches;
// home: towns → villages; the home admin both), from the roster tree API; every node shown is one
// the grant may change (the roster's scope is org:write's). Picking a node opens its form, filled
// in from what is stored: a branch's every field (GET /v1/branches/{id}/record), a town's or
// village's names and a village's contact person (GET /v1/home-units/{id}), a committee's names
// (from the tree). Saving sends only what changed (POST /v1/branches/{id}, /committees/{id},
// /home-units/{id}); adding posts the whole form (POST /v1/branches, /committees, /home-units).
// The API's 400 details show next to their fields; a 403, 404 or 409 above the button.
import { css, html, nothing } from 'lit';
import type { Branch, City } from '../../../schema/branches.ts';
import type { LocalizedText } from '../../../schema/common.ts';
import type { BranchRecord, Committee, HomeUnit, HomeUnitRecord } from '../../../schema/organisation.ts';
import type { RosterLevel, RosterNode } from '../../../schema/roster.ts';
import { api, ApiError } from '../api.ts';
import { pick, type Lang } from '../i18n.ts';
import { sidesOf, type Side } from '../roles.ts';
import { ScreenElement, screenStyles } from '../screen.ts';
import { base } from '../styles.ts';
import type { ConsoleTree, NodePicked } from '../tree/tree.ts';
import '../tree/tree.ts';
import { organisationMessages, type OrgField } from './messages.ts';

type Words = (typeof organisationMessages)['en'];
type Values = Partial<Record<OrgField, string>>;

/** What the form is for: a node to change, or one to add (and where). */
type Target =
  | { kind: 'branch' | 'committee' | 'town' | 'village'; id: string; name: LocalizedText }
  | { kind: 'new-branch'; committee: { id: string; name: string } | null }
  | { kind: 'new-committee' | 'new-town' }
  | { kind: 'new-village'; town: { id: string; name: string } };

const BRANCH: readonly OrgField[] = [
  'nameZh', 'nameEn', 'committeeId', 'cityId', 'addressZh', 'addressEn', 'lat', 'lng',
  'meetingPlaceZh', 'meetingPlaceEn', 'meetingTimesZh', 'meetingTimesEn', 'officePhone',
];
const NAMES: readonly OrgField[] = ['nameZh', 'nameEn'];
const NUMBERS: ReadonlySet<OrgField> = new Set(['lat', 'lng']);
/** Fields an empty input clears (null), rather than sends empty. */
const CLEARABLE: ReadonlySet<OrgField> = new Set([
  'committeeId', 'meetingPlaceZh', 'meetingPlaceEn', 'meetingTimesZh', 'meetingTimesEn', 'officePhone', 'contactUserId',
]);

/** A branch as the form shows it: each field as stored, empty for none. */
const branchValues = (b: BranchRecord): Values =>
  Object.fromEntries(BRANCH.map((f) => [f, String(b[f as keyof BranchRecord] ?? '')]));

type Message = { bad: boolean; text: (t: Words, lang: Lang) => string };

export class ConsoleOrganisation extends ScreenElement {
  static override properties = {
    _target: { state: true }, _values: { state: true }, _loading: { state: true }, _busy: { state: true },
    _problems: { state: true }, _message: { state: true }, _cities: { state: true }, _committees: { state: true }, _contacts: { state: true },
  };
  static override styles = [base, screenStyles, css`
    .intro { color: var(--muted); margin-bottom: 1rem; }
    .layout { display: grid; gap: 1rem; }
    @media (min-width: 64rem) { .layout { grid-template-columns: minmax(19rem, 24rem) minmax(0, 1fr); align-items: start; } }
    .trees, .panel { padding: 0.75rem; display: grid; gap: 0.5rem; align-content: start; min-width: 0; }
    .trees h2 { font-size: 1rem; color: var(--muted); padding: 0.25rem 0.5rem 0; }
    .trees .actions { padding: 0 0.5rem 0.5rem; }
    .panel h2:focus { outline: none; }
    form { display: grid; gap: 1rem; }
    fieldset { border: 0; margin: 0; padding: 0; display: grid; gap: 1rem; min-width: 0; }
    legend { padding: 0; margin-bottom: 0.5rem; font-weight: 700; color: var(--muted); }
    .pair { display: grid; gap: 1rem; align-items: start; }
    @media (min-width: 40rem) { .pair { grid-template-columns: 1fr 1fr; } }
    .under { font-weight: 600; }
    .button[aria-disabled='true'] { opacity: 0.6; cursor: progress; }
  `];

  declare private _target: Target | null;
  declare private _values: Values;
  /** The values as last read or saved: what an edit is compared with. */
  private _initial: Values = {};
  declare private _loading: boolean;
  declare private _busy: boolean;
  declare private _problems: Partial<Record<OrgField, true>>;
  declare private _message: Message | null;
  declare private _cities: City[] | null;
  /** The committees a branch may be under: the home admin's choice only. */
  declare private _committees: RosterNode[] | null;
  /** Whom a village's contact person may be: its staff and its town's, and the one named now. */
  declare private _contacts: HomeUnitRecord['contactCandidates'];
  private _generation = 0;

  constructor() {
    super();
    this._target = null;
    this._values = {};
    this._loading = false;
    this._busy = false;
    this._problems = {};
    this._message = null;
    this._cities = null;
    this._committees = null;
    this._contacts = [];
  }

  private get _t() { return organisationMessages[this.lang]; }
  private get _admin() { return this.acting.role === 'home_admin'; }
  private _mine(role: string, id: string) { return this.acting.role === role && this.acting.scopeNode?.id === id; }

  /** The fields the target's form has. */
  private _fields(target: Target): readonly OrgField[] {
    switch (target.kind) {
      case 'branch': case 'new-branch': return this._admin ? BRANCH : BRANCH.filter((f) => f !== 'committeeId');
      case 'new-committee': return ['cityId', ...NAMES];
      case 'village': return [...NAMES, 'contactUserId'];
      default: return NAMES;
    }
  }

  /**
   * The form for `target`, with `values` until the stored ones are read. After a save (`quiet`) the
   * form stays in view while it is read again, and focus stays on its button.
   */
  private async _open(target: Target, values: Values, { quiet = false } = {}) {
    const generation = ++this._generation;
    this._target = target;
    this._values = values;
    this._initial = values;
    this._problems = {};
    this._message = null;
    // A form with nothing to read ends any earlier read's loading state (that read's answer is dropped).
    this._loading = false;
    const fields = this._fields(target);
    if (fields.includes('cityId') && !this._cities) void this._loadCities();
    if (fields.includes('committeeId') && !this._committees) void this._loadCommittees();
    if ('id' in target && target.kind !== 'committee') await this._read(target, generation, quiet);
    await this.updateComplete;
    if (!quiet && matchMedia('(max-width: 63.99rem)').matches) this.renderRoot.querySelector<HTMLElement>('#panel-title')?.focus();
  }

  /** The node as stored, into the form: a branch's fields, a town's or village's names and contact person. */
  private async _read(target: Target & { id: string }, generation: number, quiet = false) {
    if (!quiet) this._loading = true;
    try {
      if (target.kind === 'branch') {
        const branch = await api<BranchRecord>(`/v1/branches/${encodeURIComponent(target.id)}/record`);
        if (generation === this._generation) this._values = this._initial = branchValues(branch);
        return;
      }
      const unit = await api<HomeUnitRecord>(`/v1/home-units/${encodeURIComponent(target.id)}`);
      if (generation !== this._generation) return;
      const named = unit.contact && !unit.contactCandidates.some((u) => u.id === unit.contact!.id) ? [unit.contact] : [];
      this._contacts = [...named, ...unit.contactCandidates];
      this._values = this._initial = { nameZh: unit.name.zh, nameEn: unit.name.en, contactUserId: unit.contactUserId ?? '' };
    } catch (error) {
      if (generation === this._generation) this._failed(error);
    } finally {
      if (generation === this._generation) this._loading = false;
    }
  }

  private async _loadCities() {
    try { this._cities = (await api<{ data: City[] }>('/v1/cities')).data; } catch { this._cities = []; }
  }

  private async _loadCommittees() {
    try {
      const top = await api<RosterLevel>('/v1/roster/tree?side=host');
      this._committees = top.nodes.filter((n) => n.kind === 'committee');
    } catch { this._committees = []; }
  }

  private _picked({ node }: NodePicked) {
    void this._open({ kind: node.kind, id: node.id, name: node.name }, { nameZh: node.name.zh, nameEn: node.name.en });
  }

  /** The body to send: the changed fields of an edit, every field of an addition; or the fields found wrong before sending. */
  private _body(target: Target): { ok: true; body: Record<string, unknown> } | { ok: false; problems: Partial<Record<OrgField, true>> } {
    const adding = target.kind.startsWith('new-');
    const body: Record<string, unknown> = {};
    const problems: Partial<Record<OrgField, true>> = {};
    for (const field of this._fields(target)) {
      const raw = this._values[field] ?? '';
      if (!adding && raw === (this._initial[field] ?? '')) continue;
      if (NUMBERS.has(field)) {
        const n = raw.trim() === '' ? NaN : Number(raw);
        if (Number.isFinite(n)) body[field] = n;
        else problems[field] = true;
      } else body[field] = CLEARABLE.has(field) && raw.trim() === '' ? null : raw;
    }
    if (target.kind === 'new-branch' && !this._admin) body.committeeId = target.committee?.id ?? null;
    if (target.kind === 'new-town') Object.assign(body, { kind: 'town', parentId: null });
    if (target.kind === 'new-village') Object.assign(body, { kind: 'village', parentId: target.town.id });
    return Object.keys(problems).length ? { ok: false, problems } : { ok: true, body };
  }

  private _path(target: Target): string {
    switch (target.kind) {
      case 'branch': return `/v1/branches/${encodeURIComponent(target.id)}`;
      case 'committee': return `/v1/committees/${encodeURIComponent(target.id)}`;
      case 'town': case 'village': return `/v1/home-units/${encodeURIComponent(target.id)}`;
      case 'new-branch': return '/v1/branches';
      case 'new-committee': return '/v1/committees';
      case 'new-town': case 'new-village': return '/v1/home-units';
    }
  }

  private async _submit(e: Event) {
    e.preventDefault();
    const target = this._target;
    if (!target || this._busy) return;
    this._message = null;
    const built = this._body(target);
    if (!built.ok) return this._showProblems(built.problems);
    this._problems = {};
    if (!Object.keys(built.body).length) {
      this._message = { bad: false, text: (t) => t.unchanged };
      return;
    }
    this._busy = true;
    const generation = this._generation;
    try {
      const saved = await api<Branch | Committee | HomeUnit>(this._path(target), { method: 'POST', body: built.body });
      if (generation !== this._generation) return;
      await this._saved(target, saved);
    } catch (error) {
      if (generation === this._generation) this._failed(error);
    } finally {
      this._busy = false;
    }
  }

  /** After a save: the form shows what the server holds now (an addition becomes an edit), and the trees their new names. */
  private async _saved(target: Target, saved: Branch | Committee | HomeUnit) {
    const adding = target.kind.startsWith('new-');
    const name = saved.name;
    // The form is read again: it shows what is stored now.
    const kind = 'address' in saved ? 'branch' : 'kind' in saved ? saved.kind : 'committee';
    await this._open({ kind, id: saved.id, name }, this._values, { quiet: true });
    this._message = { bad: false, text: (t, lang) => (adding ? t.created : t.saved)(pick(name, lang)) };
    this.renderRoot.querySelectorAll<ConsoleTree>('console-tree').forEach((tree) => tree.refresh());
  }

  private _failed(error: unknown) {
    if (error instanceof ApiError && error.status === 400 && Array.isArray(error.details)) {
      const fields = this._target ? this._fields(this._target) : [];
      const problems: Partial<Record<OrgField, true>> = {};
      for (const d of error.details as { path?: string }[]) {
        const field = fields.find((f) => f === d.path);
        if (field) problems[field] = true;
      }
      if (Object.keys(problems).length) return void this._showProblems(problems);
    }
    if (error instanceof ApiError && error.status === 403) this._message = { bad: true, text: (t) => t.forbidden };
    else if (error instanceof ApiError && error.status === 404) this._message = { bad: true, text: (t) => t.gone };
    else if (error instanceof ApiError && error.status === 409) {
      this._message = { bad: true, text: (t) => t.conflict };
      const target = this._target;
      if (target && 'id' in target && target.kind !== 'committee') void this._read(target, this._generation, true);
    } else {
      const text = this._explain(error);
      this._message = { bad: true, text: (_t, lang) => text(lang) };
    }
  }

  private async _showProblems(problems: Partial<Record<OrgField, true>>) {
    this._problems = problems;
    await this.updateComplete;
    const first = (this._target ? this._fields(this._target) : []).find((f) => problems[f]);
    this.renderRoot.querySelector<HTMLElement>(`#f-${first}`)?.focus();
  }

  private _set(field: OrgField, value: string) {
    this._values = { ...this._values, [field]: value };
    if (this._problems[field]) this._problems = { ...this._problems, [field]: undefined };
  }

  private _field(field: OrgField, options: { textarea?: boolean; type?: string } = {}) {
    const t = this._t;
    const id = `f-${field}`;
    const hint = t.hints[field];
    const invalid = this._problems[field] ? 'true' : 'false';
    const describedBy = `${hint ? `${id}-hint ` : ''}${id}-problem`;
    const onInput = (e: Event) => this._set(field, (e.target as HTMLInputElement).value);
    const value = this._values[field] ?? '';
    let control;
    if (field === 'cityId') {
      control = html`<select id=${id} class="input" aria-describedby=${describedBy} aria-invalid=${invalid} @change=${onInput}>
        <option value="" ?selected=${!value}>${this._cities ? t.pickCity : this._c.loading}</option>
        ${(this._cities ?? []).map((c) => html`<option value=${c.id} ?selected=${c.id === value}>${pick(c.name, this.lang)}</option>`)}
      </select>`;
    } else if (field === 'contactUserId') {
      control = html`<select id=${id} class="input" aria-describedby=${describedBy} aria-invalid=${invalid} @change=${onInput}>
        <option value="" ?selected=${!value}>${t.noContact}</option>
        ${this._contacts.map((u) => html`<option value=${u.id} ?selected=${u.id === value}>${u.name}</option>`)}
      </select>`;
    } else if (field === 'committeeId') {
      control = html`<select id=${id} class="input" aria-describedby=${describedBy} aria-invalid=${invalid} @change=${onInput}>
        <option value="" ?selected=${!value}>${t.noCommittee}</option>
        ${(this._committees ?? []).map((c) => html`<option value=${c.id} ?selected=${c.id === value}>${pick(c.name, this.lang)}</option>`)}
      </select>`;
    } else if (options.textarea) {
      control = html`<textarea id=${id} class="input" rows="2" maxlength="200" .value=${value}
        aria-describedby=${describedBy} aria-invalid=${invalid} @input=${onInput}></textarea>`;
    } else {
      control = html`<input id=${id} class="input" type=${options.type ?? 'text'} autocomplete="off" .value=${value}
        inputmode=${NUMBERS.has(field) ? 'decimal' : nothing} aria-describedby=${describedBy} aria-invalid=${invalid} @input=${onInput}>`;
    }
    return html`<div class="field">
      <label for=${id}>${t.labels[field]}</label>
      ${control}
      ${hint ? html`<p id="${id}-hint" class="hint">${hint}</p>` : nothing}
      <p id="${id}-problem" class="error">${this._problems[field] ? t.invalid[field] : ''}</p>
    </div>`;
  }

  private _branchFields(fields: readonly OrgField[]) {
    const t = this._t;
    return html`
      <div class="pair">${this._field('nameZh')}${this._field('nameEn')}</div>
      ${fields.includes('committeeId') ? this._field('committeeId') : nothing}
      <fieldset><legend>${t.place}</legend>
        ${this._field('cityId')}
        <div class="pair">${this._field('addressZh')}${this._field('addressEn')}</div>
        <div class="pair">${this._field('lat')}${this._field('lng')}</div>
        <p class="hint">${t.position}${this._c.sep}${t.positionHint}</p>
      </fieldset>
      <fieldset><legend>${t.meeting}</legend>
        <div class="pair">${this._field('meetingPlaceZh', { textarea: true })}${this._field('meetingPlaceEn', { textarea: true })}</div>
        <div class="pair">${this._field('meetingTimesZh', { textarea: true })}${this._field('meetingTimesEn', { textarea: true })}</div>
        ${this._field('officePhone', { type: 'tel' })}
      </fieldset>`;
  }

  private _title(target: Target): string {
    const t = this._t;
    switch (target.kind) {
      case 'branch': return t.editBranch;
      case 'committee': return t.editCommittee;
      case 'town': return t.editTown;
      case 'village': return t.editVillage;
      case 'new-branch': return target.committee ? t.newBranch(target.committee.name) : t.newBranchTop;
      case 'new-committee': return t.newCommittee;
      case 'new-town': return t.newTown;
      case 'new-village': return t.newVillage(target.town.name);
    }
  }

  /** What may be added under the node being changed. */
  private _addUnder(target: Target) {
    const t = this._t;
    const name = 'name' in target ? pick(target.name, this.lang) : '';
    if (target.kind === 'committee' && (this._admin || this._mine('committee_secretary', target.id))) {
      return html`<button type="button" class="button" @click=${() => this._open({ kind: 'new-branch', committee: { id: target.id, name } }, { committeeId: target.id })}>${t.addBranch}</button>`;
    }
    if (target.kind === 'town' && (this._admin || this._mine('town_staff', target.id))) {
      return html`<button type="button" class="button" @click=${() => this._open({ kind: 'new-village', town: { id: target.id, name } }, {})}>${t.addVillage}</button>`;
    }
    return nothing;
  }

  private _panel() {
    const t = this._t;
    const target = this._target;
    if (!target) return html`<p class="hint">${t.pickNode}</p>`;
    const adding = target.kind.startsWith('new-');
    const fields = this._fields(target);
    const heading = 'name' in target ? pick(target.name, this.lang) : '';
    const message = this._message;
    const fix = Object.values(this._problems).some(Boolean);
    return html`
      <div>
        <p class="hint">${this._title(target)}</p>
        <h2 id="panel-title" tabindex="-1">${heading || this._title(target)}</h2>
      </div>
      ${target.kind === 'new-branch' && !fields.includes('committeeId') && target.committee
        ? html`<p class="under">${t.labels.committeeId}${this._c.sep}${target.committee.name}</p>` : nothing}
      ${this._loading ? html`<p role="status">${this._c.loading}</p>` : html`
        <form novalidate aria-labelledby="panel-title" @submit=${this._submit}>
          ${target.kind === 'branch' || target.kind === 'new-branch' ? this._branchFields(fields)
            : html`${fields.includes('cityId') ? this._field('cityId') : nothing}<div class="pair">${this._field('nameZh')}${this._field('nameEn')}</div>
              ${fields.includes('contactUserId') ? this._field('contactUserId') : nothing}`}
          ${target.kind === 'branch' && !this._admin ? html`<p class="hint">${t.committeeOnly}</p>` : nothing}
          <div class="status" role="status">${fix ? nothing : message && !message.bad ? html`<p class="notice">${message.text(t, this.lang)}</p>` : nothing}</div>
          ${fix ? html`<p class="notice bad" role="alert">${t.fixFields}</p>`
            : message?.bad ? html`<p class="notice bad" role="alert">${message.text(t, this.lang)}</p>` : nothing}
          <div class="actions">
            <!-- aria-disabled while saving, not disabled: a disabled button would lose the focus. -->
            <button type="submit" class="button primary" aria-disabled=${this._busy ? 'true' : 'false'}>${
              adding ? (this._busy ? t.creating : t.create) : this._busy ? this._c.saving : this._c.save}</button>
            ${adding ? nothing : this._addUnder(target)}
          </div>
        </form>`}`;
  }

  private _tree(side: Side) {
    const t = this._t;
    const label = side === 'home' ? t.home : t.host;
    const selected = this._target && 'id' in this._target ? this._target.id : null;
    const adds = !this._admin ? nothing : side === 'host'
      ? html`<button type="button" class="button quiet" @click=${() => this._open({ kind: 'new-committee' }, {})}>${t.addCommittee}</button>
          <button type="button" class="button quiet" @click=${() => this._open({ kind: 'new-branch', committee: null }, {})}>${t.addBranch}</button>`
      : html`<button type="button" class="button quiet" @click=${() => this._open({ kind: 'new-town' }, {})}>${t.addTown}</button>`;
    return html`<h2>${label}</h2>
      <console-tree .lang=${this.lang} side=${side} .label=${label} .selected=${selected}
        @console-node=${(e: CustomEvent<NodePicked>) => this._picked(e.detail)}></console-tree>
      ${adds === nothing ? nothing : html`<div class="actions">${adds}</div>`}`;
  }

  override render() {
    const t = this._t;
    return html`
      <h1>${t.title}</h1>
      <p class="intro">${t.intro}</p>
      <div class="layout">
        <section class="trees card" aria-label=${t.title}>${sidesOf(this.acting.role).map((side) => this._tree(side))}</section>
        <section class="panel card" aria-labelledby=${this._target ? 'panel-title' : nothing}>${this._panel()}</section>
      </div>`;
  }
}

customElements.define('console-organisation', ConsoleOrganisation);
