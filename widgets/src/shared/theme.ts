// Shared base styles. The theming surface is the `--ginkgo-*` custom properties (they inherit
// through the shadow boundary) and each component's `::part`s; `all: initial` and the explicit
// text settings on .base keep the host page's fonts, sizes, colours and alignment out. Sizes are
// in em, never rem, so a host page's root font size cannot shrink or blow up the widget.
import { css } from './element.ts';
// The check-in's and the directory's styles load with these, in the chunk the three widgets
// share: gzip compresses CSS against CSS, and the two widgets' chunks shrink by more than the
// shared one grows.
import '../check-in/check-in.styles.ts';
import '../station-directory/station-directory.styles.ts';

export const baseStyles = css`
  :host {
    all: initial;
    display: block;
    --_bg: var(--ginkgo-background, #ffffff);
    --_surface: var(--ginkgo-surface, #f6f7f9);
    --_muted: var(--ginkgo-muted, #57606a);
    --_border: var(--ginkgo-border, #d0d7de);
    --_accent: var(--ginkgo-accent, #b3261e);
    --_on-accent: var(--ginkgo-accent-contrast, #ffffff);
    --_radius: var(--ginkgo-radius, 0.75em);
    --_focus: var(--ginkgo-focus, #0b57d0);
  }
  /* Text settings live on each component's outer .base, not on :host: a page rule that matches
     the host element (\`* { color: red }\`) beats :host, but cannot reach inside. */
  .base {
    font-family: var(--ginkgo-font, system-ui, -apple-system, 'PingFang SC', 'Hiragino Sans GB',
      'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif);
    font-size: var(--ginkgo-font-size, 16px);
    font-weight: 400;
    line-height: 1.5;
    text-align: start;
    letter-spacing: normal;
    color: var(--ginkgo-color, #1f2328);
  }
  :host([hidden]) { display: none; }
  *, *::before, *::after { box-sizing: border-box; }
  button, input, select { font: inherit; color: inherit; margin: 0; }
  :focus-visible { outline: 3px solid var(--_focus); outline-offset: 2px; }
  .sr-only {
    position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0;
    overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;
  }
  .button {
    display: inline-flex; align-items: center; justify-content: center; gap: 0.4em;
    min-height: 2.75em; padding: 0.5em 1em; border-radius: var(--_radius);
    border: 1px solid var(--_accent); background: var(--_bg); color: var(--_accent);
    font-weight: 600; white-space: nowrap; cursor: pointer; touch-action: manipulation;
  }
  .button.primary { background: var(--_accent); color: var(--_on-accent); }
  .button:disabled { cursor: progress; opacity: 0.7; }
  @media (hover: hover) {
    .button:not(:disabled):hover { filter: brightness(0.92); }
  }
`;
