// <console-staff>: 邀请. A form for POST /v1/staff/invitations { name, mobile, role, scopeNodeId }:
// the home admin invites any role, at a town or village (home tree), a committee or branch (host
// tree), or a station or partner by its id; a committee secretary only branch secretaries, for one
// of the committee's branches (GET /v1/roster/tree?side=host&parent=<committee>). The answer's
// link is shown once, with a copy button: it works once, for 7 days. Field errors
// (validation_failed details, a 409 for the mobile) show next to their fields.
import { css, html, nothing } from 'lit';
import { normaliseMobile } from '../../../schema/mobile.ts';
import type { RosterLevel, RosterNode } from '../../../schema/roster.ts';
import type { StaffInvitation, StaffInvitationCreate } from '../../../schema/staff.ts';
import type { Role } from '../../../schema/tables.ts';
import { accountMessages } from '../account/messages.ts';
import { api, ApiError } from '../api.ts';
import { pick, type Lang } from '../i18n.ts';
import type { Side } from '../roles.ts';
import { formatDateTime, ScreenElement, screenStyles, type NodeKind } from '../screen.ts';
import { base } from '../styles.ts';
import type { NodePicked } from '../tree/tree.ts';
import '../tree/tree.ts';
import { staffMessages } from './messages.ts';

type Words = (typeof staffMessages)['en'];
type Field = 'name' | 'mobile' | 'role' | 'scopeNodeId';
const FIELDS: readonly Field[] = ['name', 'mobile', 'role', 'scopeNodeId'];

const ROLES: readonly Role[] = ['home_admin', 'town_staff', 'village_staff', 'committee_secretary', 'branch_secretary', 'station_manager', 'partner'];
/** Where each role's node comes from: a tree and the kind of node in it, an id typed in, or none (the home admin). */
const NODE_OF: Record<Role, { side: Side; kind: NodeKind } | { typed: 'station' | 'partner' } | null> = {
  home_admin: null,
  town_staff: { side: 'home', kind: 'town' },
  village_staff: { side: 'home', kind: 'village' },
  committee_secretary: { side: 'host', kind: 'committee' },
  branch_secretary: { side: 'host', kind: 'branch' },
  station_manager: { typed: 'station' },
  partner: { typed: 'partner' },
};
const EXAMPLE_ID = { station: 'st_changzhou', partner: 'pt_cz_chamber' } as const;

type Problems = Partial<Record<Field, (t: Words) => string>>;
type Result = StaffInvitation & { nodeLabel: string };

export class ConsoleStaff extends ScreenElement {
  static override properties = {
    _name: { state: true }, _mobile: { state: true }, _role: { state: true }, _node: { state: true }, _typedId: { state: true },
    _branches: { state: true }, _problems: { state: true }, _formError: { state: true }, _busy: { state: true },
    _result: { state: true }, _copied: { state: true },
  };
  static override styles = [base, screenStyles, css`
    .intro { color: var(--muted); margin-bottom: 1rem; }
    form, .result { max-width: 44rem; padding: 1rem; display: grid; gap: 1rem; }
    .pair { display: grid; gap: 1rem; }
    @media (min-width: 40rem) { .pair { grid-template-columns: 1fr 1fr; } }
    .picked { font-weight: 600; }
    .trees { display: grid; gap: 0.25rem; padding: 0.5rem; border: 1px solid var(--line-strong); border-radius: var(--radius); max-height: 24rem; overflow: auto; }
    .trees.invalid { border-color: var(--danger); }
    .link-row { display: flex; flex-wrap: wrap; gap: 0.5rem; }
    .link-row .input { flex: 1 1 16rem; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.875rem; }
    .result h2:focus { outline: none; }
    .warning { padding: 0.625rem 0.875rem; border-radius: var(--radius); background: var(--warn-bg); color: var(--warn); font-weight: 600; }
  `];

  declare private _name: string;
  declare private _mobile: string;
  declare private _role: Role | '';
  /** The node picked from a tree or a branch list: its id and name. */
  declare private _node: { id: string; name: string } | null;
  declare private _typedId: string;
  /** A committee secretary's branches: the nodes they may invite to. */
  declare private _branches: RosterNode[] | ((lang: Lang) => string) | null;
  declare private _problems: Problems;
  declare private _formError: ((t: Words) => string) | null;
  declare private _busy: boolean;
  declare private _result: Result | null;
  declare private _copied: 'ok' | 'failed' | null;

  constructor() {
    super();
    this._name = '';
    this._mobile = '';
    this._role = '';
    this._node = null;
    this._typedId = '';
    this._branches = null;
    this._problems = {};
    this._formError = null;
    this._busy = false;
    this._result = null;
    this._copied = null;
  }

  private get _t() { return staffMessages[this.lang]; }
  private get _committee(): string | null {
    return this.acting.role === 'committee_secretary' ? this.acting.scopeNode?.id ?? null : null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this._committee && this._branches === null) {
      this._role = 'branch_secretary';
      void this._loadBranches(this._committee);
    }
  }

  private async _loadBranches(committee: string) {
    try {
      this._branches = (await api<RosterLevel>(`/v1/roster/tree?${new URLSearchParams({ side: 'host', parent: committee })}`)).nodes;
    } catch (error) {
      this._branches = this._explain(error);
    }
  }

  private _roleChanged(role: Role | '') {
    this._role = role;
    this._node = null;
    this._typedId = '';
    this._problems = { ...this._problems, role: undefined, scopeNodeId: undefined };
  }

  /** The form's values as the API takes them, or the problems found before sending. */
  private _input(): { ok: true; value: StaffInvitationCreate } | { ok: false; problems: Problems } {
    const problems: Problems = {};
    const name = this._name.trim();
    const mobile = normaliseMobile(this._mobile);
    if (!name || name.length > 40) problems.name = (t) => t.invalid.name;
    if (!mobile) problems.mobile = (t) => t.invalid.mobile;
    const role = this._role;
    if (!role) problems.role = (t) => t.invalid.role;
    const source = role ? NODE_OF[role] : null;
    const scopeNodeId = !source ? null : 'typed' in source ? this._typedId.trim() || null : this._node?.id ?? null;
    if (source && !scopeNodeId) problems.scopeNodeId = (t) => t.invalid.scopeNodeId;
    if (Object.keys(problems).length || !role || !mobile) return { ok: false, problems };
    return { ok: true, value: { name, mobile, role, scopeNodeId } };
  }

  private async _submit(e: Event) {
    e.preventDefault();
    if (this._busy) return;
    const input = this._input();
    this._formError = null;
    if (!input.ok) return this._showProblems(input.problems);
    const invitation = input.value;
    this._problems = {};
    this._busy = true;
    try {
      const created = await api<StaffInvitation>('/v1/staff/invitations', { method: 'POST', body: invitation });
      const source = NODE_OF[invitation.role];
      this._result = { ...created, nodeLabel: !source ? '' : 'typed' in source ? created.scopeNodeId ?? '' : this._node?.name ?? '' };
      this._copied = null;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#result-title')?.focus();
    } catch (error) {
      this._failed(error);
    } finally {
      this._busy = false;
    }
  }

  private _failed(error: unknown) {
    if (error instanceof ApiError && error.status === 400 && Array.isArray(error.details)) {
      const problems: Problems = {};
      for (const d of error.details as { path?: string; message?: string }[]) {
        const field = FIELDS.find((f) => f === d.path);
        if (field) problems[field] = (t) => t.invalid[field];
      }
      if (Object.keys(problems).length) return this._showProblems(problems);
    }
    if (error instanceof ApiError && error.status === 409) return this._showProblems({ mobile: (t) => t.mobileTaken });
    if (error instanceof ApiError && error.status === 403) {
      this._formError = (t) => t.forbidden;
      return;
    }
    const text = this._explain(error);
    this._formError = () => text(this.lang);
  }

  private async _showProblems(problems: Problems) {
    this._problems = problems;
    await this.updateComplete;
    const first = FIELDS.find((f) => problems[f]);
    this.renderRoot.querySelector<HTMLElement>(`[data-field="${first}"]`)?.focus();
  }

  private async _copy() {
    const link = this._result?.link ?? '';
    try {
      await navigator.clipboard.writeText(link);
      this._copied = 'ok';
    } catch {
      const input = this.renderRoot.querySelector<HTMLInputElement>('#link');
      input?.select();
      this._copied = document.execCommand?.('copy') ? 'ok' : 'failed';
    }
  }

  private _again() {
    this._result = null;
    this._name = '';
    this._mobile = '';
    this._node = null;
    this._typedId = '';
    if (!this._committee) this._role = '';
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#name')?.focus());
  }

  private _problem(field: Field) {
    const text = this._problems[field]?.(this._t);
    return html`<p id="${field}-problem" class="error">${text ?? ''}</p>`;
  }

  private _invalid(field: Field) { return this._problems[field] ? 'true' : 'false'; }

  /** Where the role's node is chosen: a tree, the committee's branches, an id, or nothing. */
  private _nodeField() {
    const t = this._t;
    const c = this._c;
    if (this._committee) {
      const branches = this._branches;
      return html`<div class="field">
        <label for="node">${t.branch}</label>
        ${typeof branches === 'function' ? html`<p class="error" role="alert">${branches(this.lang)}</p>`
          : branches && !branches.length ? html`<p>${t.noBranches}</p>`
          : html`<select id="node" class="input" data-field="scopeNodeId" aria-describedby="scopeNodeId-problem" aria-invalid=${this._invalid('scopeNodeId')}
              @change=${(e: Event) => {
                const id = (e.target as HTMLSelectElement).value;
                const node = (Array.isArray(branches) ? branches : []).find((b) => b.id === id);
                this._node = node ? { id: node.id, name: pick(node.name, this.lang) } : null;
                this._problems = { ...this._problems, scopeNodeId: undefined };
              }}>
              <option value="">${branches === null ? c.loading : t.branchPlaceholder}</option>
              ${(branches ?? []).map((b) => html`<option value=${b.id} ?selected=${this._node?.id === b.id}>${pick(b.name, this.lang)}</option>`)}
            </select>`}
        ${this._problem('scopeNodeId')}
      </div>`;
    }
    const role = this._role;
    if (!role) return nothing;
    const source = NODE_OF[role];
    if (!source) return html`<p class="hint">${t.nodeNone}</p>`;
    if ('typed' in source) {
      return html`<div class="field">
        <label for="node-id">${source.typed === 'station' ? t.stationId : t.partnerId}</label>
        <input id="node-id" class="input" data-field="scopeNodeId" autocomplete="off" spellcheck="false" .value=${this._typedId}
          aria-describedby="node-id-hint scopeNodeId-problem" aria-invalid=${this._invalid('scopeNodeId')}
          @input=${(e: Event) => { this._typedId = (e.target as HTMLInputElement).value; this._problems = { ...this._problems, scopeNodeId: undefined }; }}>
        <p id="node-id-hint" class="hint">${t.idHint(EXAMPLE_ID[source.typed])}</p>
        ${this._problem('scopeNodeId')}
      </div>`;
    }
    const kind = c.kinds[source.kind];
    return html`<div class="field">
      <span class="label" id="node-label">${t.node}</span>
      <p id="node-picked" class=${this._node ? 'picked' : 'hint'}>${this._node ? t.picked(this._node.name) : `${t.nothingPicked}${t.pickFrom(kind)}`}</p>
      <div class="trees ${this._problems.scopeNodeId ? 'invalid' : ''}" tabindex="-1" data-field="scopeNodeId" role="group"
        aria-labelledby="node-label node-picked" aria-describedby="scopeNodeId-problem">
        <console-tree .lang=${this.lang} side=${source.side} .label=${source.side === 'home' ? t.home : t.host}
          .selectable=${(n: RosterNode) => n.kind === source.kind} .selected=${this._node?.id ?? null}
          @console-node=${(e: CustomEvent<NodePicked>) => {
            this._node = { id: e.detail.node.id, name: pick(e.detail.node.name, this.lang) };
            this._problems = { ...this._problems, scopeNodeId: undefined };
          }}></console-tree>
      </div>
      ${this._problem('scopeNodeId')}
    </div>`;
  }

  private _resultPanel(r: Result) {
    const t = this._t;
    const roles = accountMessages[this.lang].roles;
    const role = r.nodeLabel ? `${roles[r.role]} · ${r.nodeLabel}` : roles[r.role];
    return html`<section class="result card" aria-labelledby="result-title">
      <h2 id="result-title" tabindex="-1">${t.resultTitle}</h2>
      <p>${t.resultFor(r.name, r.mobile, role)}</p>
      <div class="field">
        <label for="link">${t.link}</label>
        <div class="link-row">
          <input id="link" class="input" readonly .value=${r.link} @focus=${(e: Event) => (e.target as HTMLInputElement).select()}>
          <button type="button" class="button primary" @click=${this._copy}>${t.copy}</button>
        </div>
      </div>
      <p class="warning">${t.once(formatDateTime(r.expiresAt, this.lang))}</p>
      <p role="status">${this._copied === 'ok' ? t.copied : this._copied === 'failed' ? t.copyFailed : ''}</p>
      <div class="actions"><button type="button" class="button" @click=${this._again}>${t.another}</button></div>
    </section>`;
  }

  override render() {
    const t = this._t;
    const roles = accountMessages[this.lang].roles;
    if (this._result) return html`<h1>${t.title}</h1>${this._resultPanel(this._result)}`;
    return html`
      <h1>${t.title}</h1>
      <p class="intro">${t.intro}${this._committee ? ` ${t.committeeIntro}` : ''}</p>
      <form class="card" novalidate @submit=${this._submit} aria-labelledby="form-title">
        <h2 id="form-title" class="sr-only">${t.title}</h2>
        <div class="pair">
          <div class="field">
            <label for="name">${t.name}</label>
            <input id="name" class="input" data-field="name" autocomplete="off" maxlength="40" .value=${this._name}
              aria-describedby="name-hint name-problem" aria-invalid=${this._invalid('name')}
              @input=${(e: Event) => { this._name = (e.target as HTMLInputElement).value; this._problems = { ...this._problems, name: undefined }; }}>
            <p id="name-hint" class="hint">${t.nameHint}</p>
            ${this._problem('name')}
          </div>
          <div class="field">
            <label for="mobile">${t.mobile}</label>
            <input id="mobile" class="input" data-field="mobile" type="tel" inputmode="tel" autocomplete="off" .value=${this._mobile}
              aria-describedby="mobile-hint mobile-problem" aria-invalid=${this._invalid('mobile')}
              @input=${(e: Event) => { this._mobile = (e.target as HTMLInputElement).value; this._problems = { ...this._problems, mobile: undefined }; }}>
            <p id="mobile-hint" class="hint">${t.mobileHint}</p>
            ${this._problem('mobile')}
          </div>
        </div>
        <div class="field">
          ${this._committee ? html`<span class="label">${t.role}</span>` : html`<label for="role">${t.role}</label>`}
          ${this._committee
            ? html`<p id="role" class="picked">${roles.branch_secretary}</p>`
            : html`<select id="role" class="input" data-field="role" aria-describedby="role-problem" aria-invalid=${this._invalid('role')}
                @change=${(e: Event) => this._roleChanged((e.target as HTMLSelectElement).value as Role | '')}>
                <option value="" ?selected=${!this._role}>${t.rolePlaceholder}</option>
                ${ROLES.map((r) => html`<option value=${r} ?selected=${this._role === r}>${roles[r]}</option>`)}
              </select>`}
          ${this._problem('role')}
        </div>
        ${this._nodeField()}
        ${FIELDS.some((f) => this._problems[f]) ? html`<p class="notice bad" role="alert">${t.fixFields}</p>`
          : this._formError ? html`<p class="notice bad" role="alert">${this._formError(t)}</p>` : nothing}
        <div class="actions"><button type="submit" class="button primary" ?disabled=${this._busy}>${this._busy ? t.sending : t.submit}</button></div>
      </form>
    `;
  }
}

customElements.define('console-staff', ConsoleStaff);
