// <console-key-form>: a new key (POST /v1/keys). A publishable key takes a list of allowed origins,
// each checked as it is added (the API's own pattern); a secret key a role, the node it is for
// (every role but the home admin), optional narrower scopes and, for a partner, a service category.
// The issued key (with its token, shown once by the screen) is sent up as `key-issued`.
import { css, html, LitElement, nothing } from 'lit';
import { ORIGIN_PATTERN } from '../../../schema/key-origins.ts';
import type { ApiKeyCreate, IssuedApiKey } from '../../../schema/keys.ts';
import type { KeyScope, Role, ServiceCategory } from '../../../schema/tables.ts';
import { accountMessages } from '../account/messages.ts';
import { api, ApiError } from '../api.ts';
import type { Lang } from '../i18n.ts';
import { common } from '../screen.ts';
import { base } from '../styles.ts';
import { keysMessages } from './messages.ts';

type Words = (typeof keysMessages)['en'];
type Kind = ApiKeyCreate['kind'];
type Field = 'label' | 'origins' | 'role' | 'scopeNodeId' | 'scopes';
const FIELDS: readonly Field[] = ['label', 'origins', 'role', 'scopeNodeId', 'scopes'];
type Problems = Partial<Record<Field, (t: Words) => string>>;
/** The API's field names (`allowedOrigins.0` included) as the form's. */
/** The lists, from the words' records: complete by type, and no schema module in the chunk. */
const keysOf = <K extends string>(record: Record<K, string>) => Object.keys(record) as K[];
const roles = keysOf(accountMessages.en.roles);
const keyScopes = keysOf(keysMessages.en.scopeNames);
const serviceCategories = keysOf(keysMessages.en.categories);
const fieldOf = (path: string): Field | undefined =>
  path.startsWith('allowedOrigins') ? 'origins' : FIELDS.find((f) => f === path);

export class ConsoleKeyForm extends LitElement {
  static override properties = {
    lang: {}, _kind: { state: true }, _label: { state: true }, _origins: { state: true }, _draft: { state: true },
    _role: { state: true }, _node: { state: true }, _scopes: { state: true }, _category: { state: true },
    _problems: { state: true }, _formError: { state: true }, _busy: { state: true },
  };
  static override styles = [base, css`
    form { padding: 1rem; display: grid; gap: 1rem; }
    h2 { margin: 0; font-size: 1.125rem; }
    p { margin: 0; }
    fieldset { border: 0; margin: 0; padding: 0; display: grid; gap: 0.375rem; min-width: 0; }
    legend { font-weight: 600; padding: 0; margin-bottom: 0.375rem; }
    .choices { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; }
    .choice { display: flex; align-items: center; gap: 0.5rem; min-height: 2.75rem; }
    .choice input { width: 1.25rem; height: 1.25rem; accent-color: var(--accent); }
    .add { display: flex; flex-wrap: wrap; gap: 0.5rem; }
    .add .input { flex: 1 1 14rem; }
    .origins { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.25rem; }
    .origins li { display: flex; align-items: center; justify-content: space-between; gap: 0.5rem;
      padding: 0.125rem 0 0.125rem 0.75rem; border: 1px solid var(--line); border-radius: var(--radius); overflow-wrap: anywhere; }
    .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.9375rem; }
    .pair { display: grid; gap: 1rem; }
    @media (min-width: 40rem) { .pair { grid-template-columns: 1fr 1fr; } }
  `];

  declare lang: Lang;
  declare private _kind: Kind;
  declare private _label: string;
  declare private _origins: string[];
  declare private _draft: string;
  declare private _role: Role | '';
  declare private _node: string;
  declare private _scopes: KeyScope[];
  declare private _category: ServiceCategory | '';
  declare private _problems: Problems;
  declare private _formError: ((lang: Lang) => string) | null;
  declare private _busy: boolean;

  constructor() {
    super();
    this.lang = 'zh-CN';
    this._kind = 'publishable';
    this._label = '';
    this._origins = [];
    this._draft = '';
    this._role = '';
    this._node = '';
    this._scopes = [];
    this._category = '';
    this._problems = {};
    this._formError = null;
    this._busy = false;
  }

  private get _t() { return keysMessages[this.lang]; }

  private _fix(field: Field) { this._problems = { ...this._problems, [field]: undefined }; }

  /** Adds the origin typed in; false (and says why) if it is not one. */
  private _addOrigin(): boolean {
    const origin = this._draft.trim().toLowerCase().replace(/\/$/, '');
    if (!origin) return true;
    if (!ORIGIN_PATTERN.test(origin)) { this._problems = { ...this._problems, origins: (t) => t.invalid.origin }; return false; }
    if (this._origins.includes(origin)) { this._problems = { ...this._problems, origins: (t) => t.invalid.originTwice }; return false; }
    this._origins = [...this._origins, origin];
    this._draft = '';
    this._fix('origins');
    return true;
  }

  private _input(): ApiKeyCreate | Problems {
    const problems: Problems = {};
    const label = this._label.trim();
    if (!label || label.length > 100) problems.label = (t) => t.invalid.label;
    if (this._kind === 'publishable') {
      if (!this._addOrigin()) problems.origins = this._problems.origins;
      else if (!this._origins.length) problems.origins = (t) => t.invalid.origins;
      return Object.keys(problems).length ? problems : { kind: 'publishable', label, allowedOrigins: this._origins };
    }
    const role = this._role;
    if (!role) problems.role = (t) => t.invalid.role;
    const node = this._node.trim();
    if (role && role !== 'home_admin' && !node) problems.scopeNodeId = (t) => t.invalid.node;
    if (Object.keys(problems).length || !role) return problems;
    return {
      kind: 'secret', label, role,
      ...(role !== 'home_admin' ? { scopeNodeId: node } : {}),
      ...(this._scopes.length ? { scopes: this._scopes } : {}),
      ...(role === 'partner' && this._category ? { serviceCategory: this._category } : {}),
    };
  }

  private async _submit(e: Event) {
    e.preventDefault();
    if (this._busy) return;
    this._formError = null;
    const input = this._input();
    if (!('kind' in input)) return this._show(input);
    this._problems = {};
    this._busy = true;
    try {
      const issued = await api<IssuedApiKey>('/v1/keys', { method: 'POST', body: input });
      this.dispatchEvent(new CustomEvent<IssuedApiKey>('key-issued', { detail: issued, bubbles: true, composed: true }));
      this._label = '';
      this._origins = [];
      this._node = '';
      this._scopes = [];
      this._category = '';
    } catch (error) {
      this._failed(error);
    } finally {
      this._busy = false;
    }
  }

  private _failed(error: unknown) {
    if (error instanceof ApiError && error.status === 400 && Array.isArray(error.details)) {
      const problems: Problems = {};
      for (const d of error.details as { path?: string }[]) {
        const field = fieldOf(d.path ?? '');
        if (field) problems[field] = (t) => (field === 'origins' ? t.invalid.origin : field === 'scopeNodeId' ? t.invalid.node : t.invalid[field]);
      }
      if (Object.keys(problems).length) return void this._show(problems);
    }
    if (error instanceof ApiError && error.status === 401) {
      this.dispatchEvent(new CustomEvent('console-signed-out', { detail: { reason: 'expired' }, bubbles: true, composed: true }));
      return;
    }
    const message = error instanceof ApiError && error.status ? error.message : null;
    this._formError = (lang) => (error instanceof ApiError && error.status === 403 ? common[lang].forbidden
      : message ? common[lang].failed(message) : common[lang].network);
  }

  private async _show(problems: Problems) {
    this._problems = problems;
    await this.updateComplete;
    const first = FIELDS.find((f) => problems[f]);
    this.renderRoot.querySelector<HTMLElement>(`[data-field="${first}"]`)?.focus();
  }

  private _problem(field: Field) {
    return html`<p id="${field}-problem" class="error">${this._problems[field]?.(this._t) ?? ''}</p>`;
  }

  private _invalid(field: Field) { return this._problems[field] ? 'true' : 'false'; }

  private _originsField() {
    const t = this._t;
    return html`<div class="field">
      <label for="origin">${t.origins}</label>
      <p id="origin-hint" class="hint">${t.originsHint}</p>
      <div class="add">
        <input id="origin" class="input mono" data-field="origins" type="url" inputmode="url" autocomplete="off" spellcheck="false"
          placeholder="https://portal.example.org" .value=${this._draft} aria-describedby="origin-hint origins-problem" aria-invalid=${this._invalid('origins')}
          @input=${(e: Event) => { this._draft = (e.target as HTMLInputElement).value; this._fix('origins'); }}
          @keydown=${(e: KeyboardEvent) => { if (e.key === 'Enter') { e.preventDefault(); this._addOrigin(); } }}>
        <button type="button" class="button" @click=${() => this._addOrigin()}>${t.addOrigin}</button>
      </div>
      ${this._problem('origins')}
      ${this._origins.length
        ? html`<ul class="origins" aria-label=${t.originsAdded}>${this._origins.map((o) => html`<li><span class="mono">${o}</span>
            <button type="button" class="button quiet" aria-label=${t.removeOrigin(o)}
              @click=${() => { this._origins = this._origins.filter((x) => x !== o); }}>×</button></li>`)}</ul>`
        : html`<p class="hint">${t.noOrigins}</p>`}
    </div>`;
  }

  private _secretFields() {
    const t = this._t;
    const roleNames = accountMessages[this.lang].roles;
    const role = this._role;
    return html`
      <div class="pair">
        <div class="field">
          <label for="role">${t.role}</label>
          <select id="role" class="input" data-field="role" aria-describedby="role-problem" aria-invalid=${this._invalid('role')}
            @change=${(e: Event) => { this._role = (e.target as HTMLSelectElement).value as Role | ''; this._fix('role'); this._fix('scopeNodeId'); }}>
            <option value="" ?selected=${!role}>${t.rolePlaceholder}</option>
            ${roles.map((r) => html`<option value=${r} ?selected=${role === r}>${roleNames[r]}</option>`)}
          </select>
          ${this._problem('role')}
        </div>
        ${role && role !== 'home_admin' ? html`<div class="field">
          <label for="node">${t.node}</label>
          <input id="node" class="input mono" data-field="scopeNodeId" autocomplete="off" spellcheck="false" .value=${this._node}
            aria-describedby="node-hint scopeNodeId-problem" aria-invalid=${this._invalid('scopeNodeId')}
            @input=${(e: Event) => { this._node = (e.target as HTMLInputElement).value; this._fix('scopeNodeId'); }}>
          <p id="node-hint" class="hint">${t.nodeHint}</p>
          ${this._problem('scopeNodeId')}
        </div>` : nothing}
      </div>
      <fieldset data-field="scopes" tabindex="-1" aria-describedby="scopes-hint scopes-problem">
        <legend>${t.scopes}</legend>
        <p id="scopes-hint" class="hint">${t.scopesHint}</p>
        <div class="choices">${keyScopes.map((s) => html`<label class="choice"><input type="checkbox" .checked=${this._scopes.includes(s)}
          @change=${(e: Event) => {
            const on = (e.target as HTMLInputElement).checked;
            this._scopes = on ? [...this._scopes, s] : this._scopes.filter((x) => x !== s);
            this._fix('scopes');
          }}>${t.scopeNames[s]}</label>`)}</div>
        ${this._problem('scopes')}
      </fieldset>
      ${role === 'partner' ? html`<div class="field">
        <label for="category">${t.category}</label>
        <select id="category" class="input" @change=${(e: Event) => { this._category = (e.target as HTMLSelectElement).value as ServiceCategory | ''; }}>
          <option value="" ?selected=${!this._category}>${t.categoryNone}</option>
          ${serviceCategories.map((c) => html`<option value=${c} ?selected=${this._category === c}>${t.categories[c]}</option>`)}
        </select>
      </div>` : nothing}`;
  }

  override render() {
    const t = this._t;
    return html`<form class="card" novalidate aria-labelledby="create-title" @submit=${this._submit}>
      <h2 id="create-title">${t.createTitle}</h2>
      <fieldset>
        <legend>${t.kind}</legend>
        <div class="choices">${(['publishable', 'secret'] as const).map((k) => html`<label class="choice">
          <input type="radio" name="kind" value=${k} .checked=${this._kind === k}
            @change=${() => { this._kind = k; this._problems = {}; }}>${t.kinds[k]}</label>`)}</div>
        <p class="hint">${t.kindHints[this._kind]}</p>
      </fieldset>
      <div class="field">
        <label for="label">${t.label}</label>
        <input id="label" class="input" data-field="label" autocomplete="off" maxlength="100" .value=${this._label}
          aria-describedby="label-hint label-problem" aria-invalid=${this._invalid('label')}
          @input=${(e: Event) => { this._label = (e.target as HTMLInputElement).value; this._fix('label'); }}>
        <p id="label-hint" class="hint">${t.labelHint}</p>
        ${this._problem('label')}
      </div>
      ${this._kind === 'publishable' ? this._originsField() : this._secretFields()}
      ${FIELDS.some((f) => this._problems[f]) ? html`<p class="notice bad" role="alert">${t.fixFields}</p>`
        : this._formError ? html`<p class="notice bad" role="alert">${this._formError(this.lang)}</p>` : nothing}
      <div><button type="submit" class="button primary" ?disabled=${this._busy}>${this._busy ? t.creating : t.create}</button></div>
    </form>`;
  }
}

customElements.define('console-key-form', ConsoleKeyForm);
