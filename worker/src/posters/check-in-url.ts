// Where a poster's QR code leads: the check-in form with the branch (or station) preset.
// A poster is printed and hung on a door, so it may carry a publishable key but never a secret
// one; and keys are stored as hashes, so only the token the caller presented can be printed.
import { originAllowed } from '../access/api-key.ts';
import type { ResolvedKey } from '../env.ts';
import { HttpError } from '../errors.ts';

export type PosterSubject = { kind: 'branch' | 'station'; id: string };

/** Short parameter names: every character of the URL adds to the QR code's size on paper. */
export const subjectParam = { branch: 'b', station: 's' } as const;
export const KEY_PARAM = 'k';
/** This server's hosted check-in page (worker/static/check-in.html). */
export const HOSTED_PAGE = '/check-in';

const SECRET_KEY = /sk_[A-Za-z0-9]/;

/** The URL as given and with its %XX escapes decoded, thrice over (`sk%5F…`, `%73k_…`, `sk%255F…`). */
function looksLikeSecretKey(raw: string): boolean {
  let text = raw;
  for (let i = 0; i < 3; i++) {
    if (SECRET_KEY.test(text)) return true;
    const decoded = text.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    if (decoded === text) return false;
    text = decoded;
  }
  return SECRET_KEY.test(text);
}

export function posterTarget(
  subject: PosterSubject,
  caller: { key: ResolvedKey; token: string; origin: string },
  checkInUrl: string | undefined,
): string {
  let url: URL;
  if (checkInUrl !== undefined) {
    if (looksLikeSecretKey(checkInUrl)) {
      throw new HttpError(400, 'validation_failed', 'A secret key must never be printed on a poster.', [
        { path: 'checkInUrl', message: 'Contains what looks like a secret key (sk_…).' },
      ]);
    }
    url = new URL(checkInUrl);
    // Anyone can read a publishable key off a page, so with one the poster (the organisation's name,
    // served from this domain) may only lead to the key's own portals: else it is a phishing kit.
    // Staff with a secret key may name any page.
    if (caller.key.kind === 'publishable' && !originAllowed(url.origin, caller.key.allowedOrigins)) {
      throw new HttpError(400, 'validation_failed', `With a publishable key, \`checkInUrl\` must be on one of the key's `
        + `allowed origins, and ${url.origin} is not. Add it to the key's allowed origins, or ask for the poster with a secret key.`,
      [{ path: 'checkInUrl', message: 'Not an allowed origin of this key.' }]);
    }
  } else if (caller.key.kind === 'publishable') {
    if (!originAllowed(caller.origin, caller.key.allowedOrigins)) {
      throw new HttpError(400, 'validation_failed', `This publishable key may not be used from ${caller.origin}, `
        + `so the hosted check-in page could not send with it. Pass \`checkInUrl\` (your portal's page with the form), `
        + `or add ${caller.origin} to the key's allowed origins.`, [{ path: 'checkInUrl', message: 'Required for this key.' }]);
    }
    url = new URL(HOSTED_PAGE, caller.origin);
    url.searchParams.set(KEY_PARAM, caller.token);
  } else {
    throw new HttpError(400, 'validation_failed', 'A poster asked for with a secret key needs `checkInUrl`: the absolute '
      + 'http(s) URL of the page that embeds the check-in form. (A secret key is never printed, and the poster of this '
      + 'server\'s own /check-in page needs a publishable key: ask for the poster with `?key=pk_…`.)',
    [{ path: 'checkInUrl', message: 'Required with a secret key.' }]);
  }
  url.searchParams.set(subjectParam[subject.kind], subject.id);
  return url.href;
}
