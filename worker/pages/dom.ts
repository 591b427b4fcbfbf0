// The hosted pages' one way to build markup: elements with text, never HTML from data.
export function el<T = HTMLElement>(tag: string, props: Record<string, unknown> = {}, ...children: (Node | string | null)[]): T {
  const node = Object.assign(document.createElement(tag), props);
  for (const child of children) if (child !== null) node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  return node as unknown as T;
}
export type El = typeof el;
