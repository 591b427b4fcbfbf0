/** Loading the bundle twice (two script tags, or the npm build next to the script) is harmless. */
export function defineElement(name: string, ctor: CustomElementConstructor): void {
  if (!customElements.get(name)) customElements.define(name, ctor);
}
