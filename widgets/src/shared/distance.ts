// Distances: computed for search results when the visitor's position is known, and written in
// the page's language with Intl units (米/公里, m/km).
import type { Position } from '../../../schema/common.ts';
import type { Lang } from './i18n.ts';

const EARTH_RADIUS_M = 6_371_000;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in metres (haversine), as the API computes it for nearest-branch search. */
export function distanceMeters(a: Position, b: Position): number {
  const h = Math.sin(rad(b.lat - a.lat) / 2) ** 2
    + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(rad(b.lng - a.lng) / 2) ** 2;
  return Math.round(2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(h)));
}

/** 850 米 / 3.2 公里 / 120 公里; 850 m / 3.2 km / 120 km. */
export function formatDistance(meters: number, lang: Lang): string {
  const km = meters >= 1000;
  const value = km ? meters / 1000 : Math.max(10, Math.round(meters / 10) * 10);
  return new Intl.NumberFormat(lang, {
    style: 'unit', unit: km ? 'kilometer' : 'meter', unitDisplay: 'short',
    maximumFractionDigits: km && value < 10 ? 1 : 0,
  }).format(value);
}
