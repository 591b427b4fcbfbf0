// Shared pieces of the authorization matrix's rows: expected statuses and request builders.
import type { CallerName } from '../callers.ts';

export type Expectation = Record<CallerName, number>;
export type Row = {
  request: () => Promise<{ path: string; init?: RequestInit }>;
  expect: Expectation;
  /** Callers of `seesNoPersonalData` that this endpoint alone may show personal data to. */
  personalDataFor?: readonly CallerName[];
  /** Where a console session of the same role gets another status than its key. */
  sessions?: Partial<Expectation>;
};

/** Statuses shared by most rows: a missing or revoked key is 401, a page of a foreign origin 403. */
export const refused = { anonymous: 401, revoked: 401, publishableWrongOrigin: 403 } as const;
export const publicRead: Expectation = {
  ...refused, publishable: 200, otherTenant: 200, homeAdmin: 200, townStaff: 200, villageStaff: 200,
  committeeSecretary: 200, branchSecretary: 200, stationManager: 200, partner: 200, partnerWithoutConsent: 200, readOnlyAdmin: 200,
};
/** Staff-only endpoints: publishable keys and roles without the permission get 403. */
export const staffOnly = (allowed: Partial<Expectation>): Expectation => ({
  ...refused, publishable: 403, otherTenant: 403, homeAdmin: 403, townStaff: 403, villageStaff: 403,
  committeeSecretary: 403, branchSecretary: 403, stationManager: 403, partner: 403, partnerWithoutConsent: 403,
  readOnlyAdmin: 403, ...allowed,
});
export const get = (path: string) => async () => ({ path });
export const post = (path: string | (() => Promise<string>), body: unknown) => async () => ({
  path: typeof path === 'string' ? path : await path(),
  init: { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) },
});
