// Distances: computed for search results when the visitor's position is known, and written in
// the page's language with Intl units (米/公里, m/km).
import type { Position } from '../../../schema/common.ts';
import { distanceMeters as greatCircleMeters } from '../../../schema/geo.ts';
import type { Lang } from './i18n.ts';

/** Whole metres, as the API reports `distanceMeters` in nearest-branch search. */
export const distanceMeters = (a: Position, b: Position): number => Math.round(greatCircleMeters(a, b));

/** 850 米 / 3.2 公里 / 120 公里; 850 m / 3.2 km / 120 km. */
export function formatDistance(meters: number, lang: Lang): string {
  const km = meters >= 1000;
  const value = km ? meters / 1000 : Math.max(10, Math.round(meters / 10) * 10);
  return new Intl.NumberFormat(lang, {
    style: 'unit', unit: km ? 'kilometer' : 'meter', unitDisplay: 'short',
    maximumFractionDigits: km && value < 10 ? 1 : 0,
  }).format(value);
}
