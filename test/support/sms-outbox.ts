// The SMS codes the worker under test "sent": with SMS_PROVIDER=outbox (wrangler.toml) it prints
// one {"smsOutbox":{…}} line per message, and the e2e global setup appends the server's output to
// the file it provides as `outboxLog`. For the e2e project only (it needs that global setup).
import { readFile } from 'node:fs/promises';
import { inject } from 'vitest';

/** One outbox line, as worker/src/sms/outbox.ts prints it. */
export type OutboxLine = {
  tenantId: string; to: string; template: string; params: { code: string }; text: string;
  /** When the worker stored it (ms since the epoch, the worker's clock). */
  at: number;
};

const MARK = '{"smsOutbox":';

/** Every outbox line in the server's output so far, oldest first. */
export async function outboxLines(path = inject('outboxLog')): Promise<OutboxLine[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const lines: OutboxLine[] = [];
  for (const line of text.split('\n')) {
    const start = line.indexOf(MARK); // wrangler may put something before the worker's text
    if (start < 0) continue;
    try {
      lines.push((JSON.parse(line.slice(start).trim()) as { smsOutbox: OutboxLine }).smsOutbox);
    } catch { /* a line still being written: the next poll reads it whole */ }
  }
  return lines;
}

/**
 * The code of the newest outbox message to `mobile` (11 digits, as the worker normalised it),
 * waiting for it to appear. `after`: only a message stored at or after this time (ms; take
 * `Date.now()` just before asking for the code), so that an earlier code is never returned.
 */
export async function waitForSmsCode(mobile: string, opts: { after?: number; timeoutMs?: number } = {}): Promise<string> {
  const { after = 0, timeoutMs = 10_000 } = opts;
  const path = inject('outboxLog');
  const until = Date.now() + timeoutMs;
  for (;;) {
    const match = (await outboxLines(path)).filter((l) => l.to === mobile && l.at >= after).at(-1);
    if (match) return match.params.code;
    if (Date.now() >= until) {
      throw new Error(`No SMS code for ${mobile}${after ? ` since ${new Date(after).toISOString()}` : ''} in ${path} within ${timeoutMs} ms`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
