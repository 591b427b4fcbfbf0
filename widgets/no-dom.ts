// Injected into the npm build only (widgets/build.ts): where there is no DOM (Node, for SSR, test
// runners and tooling), importing @ginkgo/widgets must not throw. The DOM globals the elements
// touch while their modules load stand in as empty ones, and nothing is defined; in a browser each
// is the browser's own. The embed (/widgets.js) is built without this, so its bytes do not change.
const dom = globalThis as Partial<typeof globalThis>;
const Element = dom.HTMLElement ?? (class {} as typeof HTMLElement);
const DocumentClass = dom.Document ?? (class {} as typeof Document);
const StyleSheet = dom.CSSStyleSheet ?? (class {} as typeof CSSStyleSheet);
const registry = dom.customElements ?? ({ get: () => undefined, define: () => undefined } as unknown as CustomElementRegistry);

export { Element as HTMLElement, DocumentClass as Document, StyleSheet as CSSStyleSheet, registry as customElements };
