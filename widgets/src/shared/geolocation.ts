// The browser's position as a promise, with failures sorted into what we can tell a visitor.
import type { Position } from '../../../schema/common.ts';

export type GeoFailure = 'denied' | 'unavailable' | 'unsupported';

/** The message key (the finder's table, which the directory's extends) that explains each failure. */
export const geoText = { denied: 'geoDenied', unavailable: 'geoUnavailable', unsupported: 'geoUnsupported' } as const;

export class GeoError extends Error {
  constructor(readonly reason: GeoFailure) {
    super(`Geolocation failed: ${reason}`);
  }
}

/**
 * `timeoutMs` bounds the whole wait. The browser's own timeout starts only once the visitor has
 * answered its permission prompt, so a prompt left unanswered would otherwise say "locating" for good.
 */
export function currentPosition(timeoutMs = 20_000): Promise<Position> {
  return new Promise((resolve, reject) => {
    // Geolocation exists on http: pages too, but always fails there.
    if (!('geolocation' in navigator) || !globalThis.isSecureContext) return reject(new GeoError('unsupported'));
    const timer = setTimeout(() => reject(new GeoError('unavailable')), timeoutMs);
    navigator.geolocation.getCurrentPosition(
      ({ coords }) => { clearTimeout(timer); resolve({ lat: coords.latitude, lng: coords.longitude }); },
      (error) => { clearTimeout(timer); reject(new GeoError(error.code === error.PERMISSION_DENIED ? 'denied' : 'unavailable')); },
      { enableHighAccuracy: false, timeout: timeoutMs, maximumAge: 5 * 60_000 },
    );
  });
}
