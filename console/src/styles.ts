// Styles every console element shares (constructed stylesheets: allowed under style-src 'self').
// Sizes in rem: the console is its own page. Touch targets are at least 44 px high.
import { css } from 'lit';

export const base = css`
  :host { display: block; }
  :host([hidden]) { display: none; }
  *, *::before, *::after { box-sizing: border-box; }
  button, input, select, textarea { font: inherit; color: inherit; margin: 0; }
  :focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
  [hidden] { display: none !important; }
  .sr-only {
    position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0;
    overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;
  }
  .button {
    display: inline-flex; align-items: center; justify-content: center; gap: 0.4rem;
    min-height: 2.75rem; padding: 0.5rem 1rem; border-radius: var(--radius);
    border: 1px solid var(--accent); background: var(--surface); color: var(--accent);
    font-weight: 600; cursor: pointer; touch-action: manipulation; text-align: center;
  }
  .button.primary { background: var(--accent); color: #fff; }
  .button.quiet { border-color: var(--line); color: var(--ink); }
  .button:disabled { cursor: not-allowed; opacity: 0.6; }
  @media (hover: hover) { .button:not(:disabled):hover { filter: brightness(0.92); } }
  .field { display: grid; gap: 0.375rem; }
  .field > label, .label { font-weight: 600; }
  .input {
    width: 100%; min-height: 2.75rem; padding: 0.5rem 0.75rem; border: 1px solid var(--line-strong);
    border-radius: var(--radius); background: var(--surface); font-size: 1rem;
  }
  .input[aria-invalid='true'] { border-color: var(--danger); }
  .hint { color: var(--muted); font-size: 0.875rem; margin: 0; }
  .error { color: var(--danger); margin: 0; }
  .notice { margin: 0; padding: 0.75rem 1rem; border-radius: var(--radius); background: var(--info-bg); }
  .notice.bad { background: var(--danger-bg); color: var(--danger); }
  .card { background: var(--surface); border: 1px solid var(--line); border-radius: var(--radius); }
`;
