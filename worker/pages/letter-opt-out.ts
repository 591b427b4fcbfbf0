// The letter page's opt-out screen (不再接收短信), a chunk of its own that the page loads when the
// member asks for it, so the SMS code's human check and the SDK weigh nothing on the letter's first
// load. The member proves the mobile the letter was sent to (mobile-proof.ts); the page then asks
// POST /v1/letters/opt-out with the letter's token or code, which stops campaign SMS to the member.
import type { Letter } from '../../schema/campaigns.ts';
import type { El } from './dom.ts';
import { optOutCopy } from './letter-opt-out-messages.ts';
import { mobileProofForm } from './mobile-proof.ts';

/** What the letter page lends rather than the chunk importing it (a shared chunk would cost the page a request). */
export type Lent = {
  el: El;
  key: string;
  lang: 'zh-CN' | 'en';
  letter: Letter;
  /** How the letter was opened: its QR code's token, or the code typed. */
  letterKey: { token: string } | { code: string };
  /** The page's POST to /v1/letters/<path>; rejects with the API's error `code`. */
  post: <T>(path: string, body: Record<string, unknown>) => Promise<T>;
  day: (ms: number) => string;
  /** Back to the letter; `optedOut` once the messages are stopped. */
  close: (optedOut: boolean) => void;
};

export function optOutScreen({ el, key, lang, letter, letterKey, post, day, close }: Lent): HTMLElement {
  const t = optOutCopy[lang];
  const masked = letter.member.mobile;
  let optedOut = false;
  const screen = el('section', { className: 'card', id: 'opt-out' });
  screen.setAttribute('aria-labelledby', 'opt-out-heading');
  const heading = (text: string) => el('h2', { id: 'opt-out-heading', tabIndex: -1, textContent: text });
  const back = () => {
    const button = el('button', { type: 'button', className: 'quiet', textContent: t.back });
    button.addEventListener('click', () => close(optedOut));
    return el('div', { className: 'row' }, button);
  };
  // The letter shows its mobile masked (138****1234): a number that cannot be it is refused before
  // any code is sent. The API decides either way, and tells no more than the letter shows.
  const shown = /^(\d{3})\*+(\d{4})$/.exec(masked);
  const refuse = (mobile: string) => (!shown || (mobile.startsWith(shown[1]!) && mobile.endsWith(shown[2]!)) ? null : t.notThisNumber);
  const problems: Record<string, string> = {
    mobile_unverified: t.notThisNumber, letter_link_expired: t.expired, letter_link_invalid: t.invalid, letter_not_found: t.invalid, rate_limited: t.tooMany,
  };
  const proved = async ({ mobileProof }: { mobileProof: string }) => {
    let at: number;
    try {
      at = (await post<{ optedOutAt: number }>('opt-out', { ...letterKey, mobileProof })).optedOutAt;
    } catch (e) {
      return problems[(e as { code?: string }).code ?? ''] ?? t.failed;
    }
    optedOut = true;
    screen.replaceChildren(heading(t.doneHeading), el('p', { className: 'status', textContent: t.done(day(at), masked) }),
      el('p', { className: 'muted', textContent: t.doneMore }), back());
    screen.querySelector('h2')!.focus();
    return undefined;
  };
  screen.replaceChildren(heading(t.heading), el('p', { textContent: t.what }), el('p', { className: 'muted', textContent: t.apart }),
    el('p', { textContent: t.ask(masked) }), mobileProofForm({ el, key, lang, refuse, proved }), back());
  return screen;
}
