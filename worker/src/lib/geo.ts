import type { Position } from '../../../schema/index.ts';
import { EARTH_RADIUS_M } from '../../../schema/geo.ts';

/** A degree of latitude on the sphere distanceMeters measures on, so the box below holds its circle. */
const METERS_PER_DEGREE_LAT = (EARTH_RADIUS_M * Math.PI) / 180;
const rad = (deg: number) => (deg * Math.PI) / 180;

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
