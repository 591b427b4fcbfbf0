// Mobile first (360 px and up); container queries widen the layout where the host gives room.
import { css } from '../shared/element.ts';

export const finderStyles = css`
  .base {
    container-type: inline-size;
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 1em;
  }
  h2 { margin: 0; font-size: 1.25em; line-height: 1.3; }
  .intro { margin: 0.25em 0 0; color: var(--_muted); font-size: 0.9375em; }

  .controls { display: grid; gap: 0.75em; margin-top: 1em; }
  .field { display: grid; gap: 0.25em; min-width: 0; }
  .field label { font-size: 0.875em; font-weight: 600; }
  select, input {
    width: 100%; min-height: 2.75em; padding: 0.5em 0.75em;
    border: 1px solid var(--_border); border-radius: calc(var(--_radius) * 0.66); background: var(--_bg);
  }
  .search-row { display: flex; gap: 0.5em; }
  .search-row input { flex: 1; min-width: 0; }
  .search-row .button { flex: none; }
  .locate { align-self: end; }
  .button svg { width: 1.1em; height: 1.1em; flex: none; }
  @container (min-width: 40em) {
    .controls { grid-template-columns: auto minmax(9em, 12em) minmax(0, 1fr); align-items: end; }
  }

  .status { margin: 1em 0 0.5em; min-height: 1.5em; font-size: 0.875em; color: var(--_muted); }
  .notice {
    margin: 0 0 0.75em; padding: 0.625em 0.875em; border-radius: calc(var(--_radius) * 0.66);
    border-left: 4px solid #b26a00; background: #fff8e6; color: #4d3300; font-size: 0.9375em;
  }

  .results { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.75em; }
  @container (min-width: 44em) { .results { grid-template-columns: repeat(2, minmax(0, 1fr)); } }
  article {
    height: 100%; display: flex; flex-direction: column; gap: 0.5em;
    padding: 0.875em 1em; border: 1px solid var(--_border); border-radius: var(--_radius); background: var(--_bg);
  }
  .selected article { border-color: var(--_accent); box-shadow: inset 0 0 0 1px var(--_accent); }
  .result-head { display: flex; justify-content: space-between; align-items: flex-start; gap: 0.5em; }
  h3 { margin: 0; font-size: 1.0625em; line-height: 1.35; }
  .distance {
    flex: none; padding: 0.125em 0.625em; border-radius: 999px;
    background: var(--_surface); color: var(--_accent); font-size: 0.8125em; font-weight: 700; white-space: nowrap;
  }
  .facts { margin: 0; display: grid; gap: 0.25em; font-size: 0.9375em; }
  .fact { display: grid; grid-template-columns: 4.75em minmax(0, 1fr); gap: 0.5em; }
  .base:lang(en) .fact { grid-template-columns: 7.5em minmax(0, 1fr); }
  /* English labels are long: on a phone they go above their values. */
  @container (max-width: 26em) {
    .base:lang(en) .facts { gap: 0.375em; }
    .base:lang(en) .fact { grid-template-columns: minmax(0, 1fr); gap: 0; }
    .base:lang(en) dt { font-size: 0.875em; }
  }
  dt { color: var(--_muted); }
  dd { margin: 0; overflow-wrap: anywhere; }
  a { color: var(--_accent); text-underline-offset: 0.15em; }
  .actions { margin-top: auto; display: flex; flex-wrap: wrap; gap: 0.5em; }
  .actions .button { min-width: 6em; }
  .details { display: none; border-color: var(--_border); color: inherit; font-weight: 400; }
  /* A phone shows ten light cards, not ten long ones: the details open one card at a time. */
  @container (max-width: 30em) {
    article { padding: 0.75em 0.875em; gap: 0.375em; }
    .details { display: inline-flex; }
    .result:not(.open) .extra { display: none; }
  }

  .skeleton {
    height: 10em; border-radius: var(--_radius); background: var(--_surface);
    animation: pulse 1.2s ease-in-out infinite alternate;
  }
  @keyframes pulse { to { opacity: 0.45; } }
  @media (prefers-reduced-motion: reduce) { .skeleton { animation: none; } }

  .message {
    display: grid; justify-items: center; gap: 0.5em; text-align: center;
    padding: 1.5em 1em; border: 1px dashed var(--_border); border-radius: var(--_radius); background: var(--_surface);
  }
  .message svg { width: 2.5em; height: 2.5em; color: var(--_muted); }
  .message p { margin: 0; color: var(--_muted); }
  .more { display: flex; justify-content: center; margin-top: 1em; }
`;
