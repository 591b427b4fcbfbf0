// The widgets' base class: the part of LitElement they use, in a fraction of its bytes (LitElement
// and ReactiveElement are about 2.6 KB gzipped, this about 0.8 KB). Templates are still
// lit-html's, rendered by its render() into an open shadow root.
//
// What it does, as LitElement does it:
// - `static properties` (declared the same way, so the manifest analyzer reads them): a reactive
//   accessor each; a non-state property is set from its lower-case attribute (a String), and a
//   `reflect`ed one writes its value back to the attribute on update. A value set on the element
//   before it was upgraded is applied at the first update.
// - A change (Object.is) schedules one update in a microtask, from the first connection on:
//   willUpdate(changed), render(), updated(changed). Changes made in willUpdate join that update.
//   `updateComplete` resolves once the pending update has rendered.
// - `static styles`: one constructed stylesheet per style text, shared by every instance
//   (adoptedStyleSheets), or <style> elements where a browser lacks them (iOS before 16.4), with
//   `window.litNonce` as their nonce, as Lit does for a page with a CSP.
// - Event listeners in templates are called with the element as `this` (lit-html's `host`).
// No controllers, no decorators, no converters other than String, no firstUpdated/shouldUpdate.
import { render } from 'lit';

export interface PropertyDeclaration {
  type?: StringConstructor;
  reflect?: boolean;
  state?: boolean;
  attribute?: boolean;
}

/** The properties changed in this update, each with its value before. */
export type PropertyValues = Map<PropertyKey, unknown>;

/** CSS as text; the embed build minifies it (minify-literals, in widgets/build.ts). No interpolations. */
export const css = (strings: TemplateStringsArray): string => strings[0]!;

const sheets = new Map<string, CSSStyleSheet>();
const adopting = 'adoptedStyleSheets' in Document.prototype && 'replaceSync' in CSSStyleSheet.prototype;

type Values = Record<PropertyKey, unknown>;

export class GinkgoElement extends HTMLElement {
  static properties: Record<string, PropertyDeclaration> = {};
  static styles: string[] = [];

  /** Defines the accessors (once per class, when the element is defined) and lists the attributes. */
  static get observedAttributes(): string[] {
    return Object.entries(this.properties).flatMap(([name, options]) => {
      Object.defineProperty(this.prototype, name, {
        get(this: GinkgoElement) { return this._eValues.get(name); },
        set(this: GinkgoElement, value: unknown) {
          const old = this._eValues.get(name);
          if (!Object.is(old, value)) {
            this._eValues.set(name, value);
            this.requestUpdate(name, old);
          }
        },
        configurable: true,
      });
      return options.state || options.attribute === false ? [] : [name.toLowerCase()];
    });
  }

  declare renderRoot: ShadowRoot;
  private _eValues = new Map<PropertyKey, unknown>();
  private _eChanged: PropertyValues = new Map();
  private _ePending = false;
  /** Resolves once the pending update has rendered (true unless another one is pending by then). */
  updateComplete: Promise<boolean> = Promise.resolve(true);
  private _eConnect!: () => void;
  private _eConnected = new Promise<void>((resolve) => { this._eConnect = resolve; });
  /** Values set on the element before it was upgraded, which would hide the accessors. */
  private _eEarly?: [string, unknown][];

  constructor() {
    super();
    this.requestUpdate(); // rendered once connected, even if no property changes
    const ctor = this.constructor as typeof GinkgoElement;
    for (const name of Object.keys(ctor.properties)) {
      if (Object.prototype.hasOwnProperty.call(this, name)) {
        (this._eEarly ??= []).push([name, (this as Values)[name]]);
        delete (this as Values)[name];
      }
    }
  }

  connectedCallback(): void {
    if (!this.renderRoot) {
      const root = (this.renderRoot = this.attachShadow({ mode: 'open' }));
      const styles = (this.constructor as typeof GinkgoElement).styles;
      if (adopting) {
        root.adoptedStyleSheets = styles.map((text) => {
          let sheet = sheets.get(text);
          if (!sheet) sheets.set(text, (sheet = new CSSStyleSheet())), sheet.replaceSync(text);
          return sheet;
        });
      } else {
        for (const text of styles) {
          const style = document.createElement('style');
          const nonce = (globalThis as { litNonce?: string }).litNonce;
          if (nonce !== undefined) style.setAttribute('nonce', nonce);
          style.textContent = text;
          root.append(style);
        }
      }
    }
    this._eConnect();
  }

  disconnectedCallback(): void {}

  attributeChangedCallback(attribute: string, _old: string | null, value: string | null): void {
    const name = Object.keys((this.constructor as typeof GinkgoElement).properties).find((p) => p.toLowerCase() === attribute);
    if (name) (this as Values)[name] = value;
  }

  /** Schedules an update; `name` and `old` record a change (the accessors call it so). */
  requestUpdate(name?: PropertyKey, old?: unknown): void {
    if (name !== undefined && !this._eChanged.has(name)) this._eChanged.set(name, old);
    if (!this._ePending) {
      this._ePending = true;
      this.updateComplete = this._eEnqueue();
    }
  }

  private async _eEnqueue(): Promise<boolean> {
    await this._eConnected;
    this._eEarly?.forEach(([name, value]) => { (this as Values)[name] = value; });
    this._eEarly = undefined;
    const changed = this._eChanged;
    let value: unknown;
    try {
      this.willUpdate(changed);
      value = this.render();
      const properties = (this.constructor as typeof GinkgoElement).properties;
      for (const name of changed.keys()) {
        if (!properties[name as string]?.reflect) continue;
        const attribute = (name as string).toLowerCase();
        const v = (this as Values)[name];
        if (v == null) this.removeAttribute(attribute);
        else if (this.getAttribute(attribute) !== String(v)) this.setAttribute(attribute, String(v));
      }
    } finally {
      // As Lit does: an error (thrown on, updateComplete rejects) does not stop later updates.
      this._eChanged = new Map();
      this._ePending = false;
    }
    render(value, this.renderRoot, { host: this });
    this.updated(changed);
    return !this._ePending;
  }

  protected willUpdate(_eChanged: PropertyValues): void {}
  protected render(): unknown { return undefined; }
  protected updated(_eChanged: PropertyValues): void {}
}
