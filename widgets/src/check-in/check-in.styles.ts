// Mobile first (360 px and up): one column; a wide host gets two columns of short fields.
import { css } from '../shared/element.ts';

export const checkInStyles = css`
  .base { container-type: inline-size; background: var(--_bg); border: 1px solid var(--_border); border-radius: var(--_radius); padding: 1em; }
  h2 { margin: 0; font-size: 1.25em; }
  h3 { margin: 0; font-size: 1.0625em; }
  p { margin: 0; }
  .intro, .hint, .consent p { color: var(--_muted); font-size: 0.875em; }
  .intro { margin: 0.25em 0 1em; }
  .branch, .done { display: grid; gap: 0.5em; margin: 1em 0; padding: 0.75em; border-radius: var(--_radius); background: var(--_surface); }
  label, legend, .label { font-size: 0.875em; font-weight: 600; }
  .row { display: flex; align-items: center; justify-content: space-between; gap: 0.5em; }
  .branch-name { font-weight: 700; }
  .small { flex: none; min-height: 2.25em; padding: 0.25em 0.75em; }
  ginkgo-branch-finder::part(base) { padding: 0.5em; }
  fieldset { margin: 0; padding: 0; border: 0; min-width: 0; }
  .fields, .lookup { display: grid; gap: 1em; }
  @container (min-width: 36em) {
    .fields { grid-template-columns: 1fr 1fr; column-gap: 1.25em; }
    .needs, .consent { grid-column: 1 / -1; }
    .lookup { grid-template-columns: 1fr 1fr auto; align-items: end; }
    .lookup h3, .lookup p { grid-column: 1 / -1; }
  }
  .field { display: grid; gap: 0.25em; align-content: start; }
  select, input:not([type='checkbox']) {
    width: 100%; min-height: 2.75em; padding: 0.5em 0.75em;
    border: 1px solid var(--_border); border-radius: calc(var(--_radius) * 0.66); background: var(--_bg);
  }
  [aria-invalid='true'] { border-color: #b3261e; box-shadow: inset 0 0 0 1px #b3261e; }
  .code { display: grid; gap: 0.5em; }
  .field .small { min-height: 2.75em; }
  .field > .button, .code > .button { justify-self: start; margin-top: 0.25em; }
  #code { flex: 1; min-width: 0; letter-spacing: 0.25em; font-variant-numeric: tabular-nums; }
  .verified { color: #1a7f37; font-weight: 600; }
  .verified::before { content: '\\2713  '; }
  p.error { color: #b3261e; font-size: 0.875em; font-weight: 600; }
  .needs { display: grid; grid-template-columns: repeat(auto-fill, minmax(8.5em, 1fr)); gap: 0 0.75em; }
  .check { display: flex; align-items: center; gap: 0.5em; min-height: 2.5em; font-weight: 400; }
  .check input { width: 1.25em; height: 1.25em; margin: 0; accent-color: var(--_accent); }
  .consent { display: grid; gap: 0.5em; padding: 0.75em; border: 1px solid var(--_border); border-radius: var(--_radius); }
  .consent .check { font-weight: 700; }
  .notify { grid-column: 1 / -1; }
  a { color: var(--_accent); }
  p[role]:not(:empty) { margin-top: 1em; padding: 0.625em 0.875em; border-radius: 0.5em; border-left: 4px solid #b26a00; background: #fff8e6; color: #4d3300; }
  p[role='alert']:not(:empty) { border-color: #b3261e; background: #fdecea; color: #5f1410; }
  .submit { width: 100%; margin-top: 1em; }
  .reference { font: 800 1.75em ui-monospace, Menlo, Consolas, monospace; letter-spacing: 0.06em; }
  ul { margin: 0; padding-left: 1.25em; }
  .link { display: inline; padding: 0; border: 0; background: none; color: var(--_accent); font: inherit; text-decoration: underline; cursor: pointer; }
  [part='status-view'] { display: grid; gap: 1em; margin-top: 1em; }
  .plain { display: grid; gap: 0.75em; padding: 0; list-style: none; }
  .remembered { display: grid; gap: 0.375em; padding: 0.75em; border-radius: var(--_radius); background: var(--_surface); }
  .remembered .button { justify-self: start; }
  .wechat { display: grid; gap: 0.5em; padding-top: 0.5em; border-top: 1px solid var(--_border); }
  .wechat-slot { display: grid; gap: 0.25em; font-size: 0.875em; }
`;
