// Great-circle distance, for the API's nearest search and the widgets' search results alike, so a
// branch is as far in a list the widget sorted as in one the API sorted. Free of zod: the widgets
// import this at run time.
import type { Position } from './common.ts';

/**
 * The mean Earth radius of WGS-84 (IUGG R1 = (2a + b) / 3), in metres: the sphere closest to the
 * ellipsoid on average, so a haversine distance on it is within about 0.5% of the geodesic.
 */
export const EARTH_RADIUS_M = 6_371_008.8;

const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in metres (haversine), unrounded; the API reports it in whole metres. */
export function distanceMeters(a: Position, b: Position): number {
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  // min(1, …): rounding can put h a hair above 1 for antipodal points, where asin is NaN.
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}
