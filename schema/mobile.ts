// Mainland China mobile numbers: the member's identity within a tenant. Pure and tiny, so the
// check-in form validates as the member types with the very rule the server applies.

/**
 * 11 digits starting 1[3-9], after dropping spaces, dashes, dots, brackets and a +86 / 0086
 * prefix; else null. Full-width digits and signs (１３８…, ＋８６, an ideographic space), which
 * Chinese keyboards type, count as their ASCII selves (NFKC).
 */
export function normaliseMobile(input: string): string | null {
  const digits = input.normalize('NFKC').replace(/[\s\-.()]/g, '').replace(/^(\+86|0086)/, '');
  return /^1[3-9]\d{9}$/.test(digits) ? digits : null;
}

/** `138****0001`: enough to recognise a number, not to call it. */
export const maskMobile = (mobile: string) => `${mobile.slice(0, 3)}****${mobile.slice(-4)}`;
