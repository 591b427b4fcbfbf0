// What the station cards add to the finder's styles (shared: box, filters, cards, facts, states).
import { css } from '../shared/element.ts';

export const directoryStyles = css`
  @container (min-width: 40em) { .filters { grid-template-columns: auto repeat(2, minmax(0, 1fr)); } }
  h4 { margin: 0.25em 0 0; font-size: 0.9375em; }
  .state { margin: 0; display: flex; flex-wrap: wrap; align-items: center; gap: 0.25em 0.5em; font-size: 0.9375em; }
  .badge { padding: 0.125em 0.625em; border-radius: 999px; background: var(--_surface); color: var(--_muted); font-size: 0.875em; font-weight: 700; }
  .badge.open { background: #e6f4ea; color: #0a6b2f; }
  article .notice { margin: 0; }
  .desc { margin: 0; font-size: 0.9375em; }
  .address { display: flex; flex-wrap: wrap; align-items: flex-start; justify-content: space-between; gap: 0.5em; }
  .address-actions { display: flex; gap: 0.375em; }
  a.button { text-decoration: none; }
  article .small { flex: none; margin: 0; min-width: 0; min-height: 2.25em; padding: 0.25em 0.75em; font-size: 0.875em; }
  .line { display: block; }
  details { border-top: 1px solid var(--_border); }
  summary { padding: 0.5em 0; font-weight: 600; cursor: pointer; }
  .service { margin-bottom: 0.5em; padding: 0.5em 0.75em; border-radius: calc(var(--_radius) * 0.66); background: var(--_surface); }
  .service p { margin: 0 0 0.25em; }
  .teams { margin: 0; padding-inline-start: 1.25em; font-size: 0.9375em; }
`;
