// The console's entry: the shell element. Screens load on demand (app.ts).
import { GinkgoConsole } from './app.ts';

customElements.define('ginkgo-console', GinkgoConsole);
