// <console-tree side="home|host">: one of the roster's two trees in the acting grant's scope, a
// level at a time (GET /v1/roster/tree?side=…&parent=…), each node with its member count. A node
// with children has a button that opens them (aria-expanded); a node that may be picked is a
// button that sends `console-node` ({ node, side }). The roster lists the picked node's members,
// 未报到 narrows to it, the invitation form gives its role there.
import { css, html, nothing } from 'lit';
import type { RosterLevel, RosterNode } from '../../../schema/roster.ts';
import { api } from '../api.ts';
import { pick, type Lang, type Tables } from '../i18n.ts';
import type { Side } from '../roles.ts';
import { ScreenElement } from '../screen.ts';
import { base } from '../styles.ts';

export type NodePicked = { node: RosterNode; side: Side };

type Level = { kind: 'loading' } | { kind: 'error'; text: (lang: Lang) => string } | { kind: 'nodes'; nodes: RosterNode[] };

const words: Tables<{ children: (name: string) => string; loading: string; empty: string }> = {
  'zh-CN': { children: (name) => `${name}的下级组织`, loading: '正在加载…', empty: '没有下级组织。' },
  en: { children: (name) => `Units under ${name}`, loading: 'Loading…', empty: 'Nothing below.' },
};

export class ConsoleTree extends ScreenElement {
  static override properties = {
    side: {}, selected: {}, label: {}, selectable: { attribute: false }, _levels: { state: true }, _open: { state: true },
  };
  static override styles = [base, css`
    ul { list-style: none; margin: 0; padding: 0; }
    ul ul { padding-inline-start: 0.375rem; border-inline-start: 1px solid var(--line); margin-inline-start: 1.375rem; }
    .leaves .spacer { display: none; }
    .row { display: flex; align-items: stretch; gap: 0.25rem; padding: 0.125rem 0; }
    .toggle, .spacer { flex: none; width: 2.75rem; min-height: 2.75rem; }
    .toggle {
      display: grid; place-items: center; border: 1px solid transparent; border-radius: var(--radius);
      background: transparent; cursor: pointer; color: var(--muted);
    }
    .toggle::before {
      content: ''; width: 0.5rem; height: 0.5rem; border: solid currentColor; border-width: 0 2px 2px 0;
      transform: rotate(-45deg); transition: transform 0.15s;
    }
    .toggle[aria-expanded='true']::before { transform: rotate(45deg); }
    @media (hover: hover) { .toggle:hover { background: var(--page); } }
    .node {
      flex: 1; min-width: 0; min-height: 2.75rem; display: flex; align-items: center; justify-content: space-between; gap: 0.5rem;
      padding: 0.375rem 0.625rem; border: 1px solid transparent; border-radius: var(--radius); background: transparent;
      text-align: start; overflow-wrap: break-word;
    }
    button.node { cursor: pointer; }
    @media (hover: hover) { button.node:hover { background: var(--page); } }
    button.node[aria-current='true'] { background: var(--info-bg); border-color: var(--focus); font-weight: 600; }
    span.node { color: var(--muted); }
    .count {
      flex: none; padding: 0.0625rem 0.5rem; border-radius: 999px; background: var(--page); color: var(--ink);
      font-size: 0.8125rem; font-weight: 600; font-variant-numeric: tabular-nums;
    }
    .note { margin: 0; padding: 0.5rem 0.75rem; color: var(--muted); }
    .error { padding: 0.5rem 0.75rem; }
  `];

  declare side: Side;
  /** The id of the node picked, marked aria-current. */
  declare selected: string | null;
  /** The tree's accessible name. */
  declare label: string;
  /** Which nodes may be picked (all of them by default); the others only open. */
  declare selectable: (node: RosterNode) => boolean;
  /** Each level loaded (or loading), by its parent's id ('' for the top). */
  declare private _levels: ReadonlyMap<string, Level>;
  declare private _open: ReadonlySet<string>;

  constructor() {
    super();
    this.side = 'home';
    this.selected = null;
    this.label = '';
    this.selectable = () => true;
    this._levels = new Map();
    this._open = new Set();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this._levels.has('')) void this._load('');
  }

  private _set(parent: string, level: Level) {
    this._levels = new Map(this._levels).set(parent, level);
  }

  /** Reads every level shown again (names and counts may have changed), keeping what is open. */
  refresh(): void {
    for (const parent of this._levels.keys()) void this._load(parent, true);
  }

  private async _load(parent: string, quiet = false) {
    if (!quiet) this._set(parent, { kind: 'loading' });
    const query = new URLSearchParams({ side: this.side });
    if (parent) query.set('parent', parent);
    try {
      const level = await api<RosterLevel>(`/v1/roster/tree?${query}`);
      this._set(parent, { kind: 'nodes', nodes: level.nodes });
      // A scope of one node (a town's staff, a committee's secretary): open it at once.
      const only = level.nodes.length === 1 ? level.nodes[0]! : undefined;
      if (!parent && !quiet && only?.hasChildren) this._toggle(only);
    } catch (error) {
      if (!quiet) this._set(parent, { kind: 'error', text: this._explain(error) });
    }
  }

  private _toggle(node: RosterNode) {
    const open = new Set(this._open);
    if (open.has(node.id)) open.delete(node.id);
    else {
      open.add(node.id);
      const level = this._levels.get(node.id);
      if (!level || level.kind === 'error') void this._load(node.id);
    }
    this._open = open;
  }

  private _pick(node: RosterNode) {
    this.dispatchEvent(new CustomEvent<NodePicked>('console-node', { detail: { node, side: this.side } }));
  }

  private _level(parent: string, depth: number): unknown {
    const w = words[this.lang];
    const level = this._levels.get(parent);
    if (!level || level.kind === 'loading') return html`<p class="note" role="status">${w.loading}</p>`;
    if (level.kind === 'error') return html`<p class="error" role="alert">${level.text(this.lang)}</p>`;
    if (!level.nodes.length) return html`<p class="note">${w.empty}</p>`;
    // A level where nothing opens needs no room for the open buttons.
    const leaves = level.nodes.every((n) => !n.hasChildren);
    return html`<ul class=${leaves ? 'leaves' : ''} role=${depth === 1 ? 'list' : nothing} aria-label=${depth === 1 ? this.label : nothing}>${
      level.nodes.map((node) => this._node(node, depth))}</ul>`;
  }

  private _node(node: RosterNode, depth: number) {
    const w = words[this.lang];
    const name = pick(node.name, this.lang);
    const open = this._open.has(node.id);
    const picked = this.selected === node.id;
    // Named by what it shows: 港上北村党支部 4 人.
    const inner = html`<span>${name}</span><span class="count">${this._c.members(node.memberCount)}</span>`;
    return html`<li>
      <div class="row">
        ${node.hasChildren
          ? html`<button type="button" class="toggle" aria-expanded=${open ? 'true' : 'false'} aria-label=${w.children(name)}
              @click=${() => this._toggle(node)}></button>`
          : html`<span class="spacer"></span>`}
        ${this.selectable(node)
          ? html`<button type="button" class="node" data-id=${node.id} aria-current=${picked ? 'true' : 'false'}
              @click=${() => this._pick(node)}>${inner}</button>`
          : html`<span class="node">${inner}</span>`}
      </div>
      ${open ? this._level(node.id, depth + 1) : nothing}
    </li>`;
  }

  override render() {
    return this._level('', 1);
  }
}

customElements.define('console-tree', ConsoleTree);
