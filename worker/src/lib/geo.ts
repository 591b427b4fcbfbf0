import type { Position } from '../../../schema/index.ts';

const EARTH_RADIUS_M = 6_371_008.8;
const METERS_PER_DEGREE_LAT = 111_320;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in metres (haversine). */
export function distanceMeters(a: Position, b: Position): number {
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

export type Box = { minLat: number; maxLat: number; minLng: number; maxLng: number };

/** The lat/lng box that contains the circle of `radiusM` around `p` (no antimeridian wrap). */
export function boundingBox(p: Position, radiusM: number): Box {
  const dLat = radiusM / METERS_PER_DEGREE_LAT;
  const cosLat = Math.cos(rad(Math.min(89, Math.abs(p.lat) + dLat)));
  const dLng = Math.min(180, radiusM / (METERS_PER_DEGREE_LAT * cosLat));
  return {
    minLat: Math.max(-90, p.lat - dLat),
    maxLat: Math.min(90, p.lat + dLat),
    minLng: Math.max(-180, p.lng - dLng),
    maxLng: Math.min(180, p.lng + dLng),
  };
}
