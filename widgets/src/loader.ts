// /widgets.js, the one script a portal adds: a classic script (no module, no eval) that imports,
// from its own origin, the chunk of each Ginkgo element on the page, once, when the element is
// first there: at load, or later, when a portal's own script inserts one (a MutationObserver, which
// only looks at what was added and stops once every chunk is on its way). Loaded twice, it imports
// the same URLs again: a module runs once per page, so nothing is defined twice. A page's CSP that
// lets this script run (`script-src` with the Ginkgo origin) lets the chunks run too.
// The build writes in GINKGO_CHUNKS (tag → chunk path, relative to this script).
declare const GINKGO_CHUNKS: Record<string, string>;

const base = (document.currentScript as HTMLScriptElement).src;
const pending = new Map(Object.entries(GINKGO_CHUNKS));

const load = (root: Element | Document) => {
  for (const [tag, path] of pending) {
    if ((root as Element).localName === tag || root.querySelector(tag)) {
      pending.delete(tag);
      import(new URL(path, base).href);
    }
  }
  if (!pending.size) observer.disconnect();
};

const observer = new MutationObserver((records) => {
  for (const record of records) for (const node of record.addedNodes) if (node.nodeType === 1) load(node as Element);
});
observer.observe(document, { childList: true, subtree: true });
load(document);
