// The CAMPAIGNS queue's producer side, and the test-only fault injection (CAMPAIGN_FAULTS) that the
// benchmark and the tests use to prove that a redelivered or retried message never doubles a letter or an SMS.
import type { AppEnv, CampaignMessage } from '../env.ts';

type Bindings = AppEnv['Bindings'];

/** The configured share of faults, 0 when off. Only with the outbox: a deployment sending real SMS refuses it loudly. */
export function faultRate(env: Bindings): number {
  const raw = env.CAMPAIGN_FAULTS?.trim();
  if (!raw || raw === '0') return 0;
  if (((env.SMS_PROVIDER ?? '').trim() || 'outbox') !== 'outbox') throw new Error('CAMPAIGN_FAULTS is for tests and the benchmark: it is refused with a real SMS_PROVIDER.');
  const rate = Number(raw);
  if (!(rate > 0 && rate <= 0.5)) throw new Error(`CAMPAIGN_FAULTS must be a share between 0 and 0.5: ${raw}`);
  return rate;
}

/** Sends the messages (100 per call, as Queues take); with faults on, some twice, as a redelivery would. */
export async function enqueueCampaign(env: Bindings, messages: CampaignMessage[], delaySeconds = 0): Promise<void> {
  if (!env.CAMPAIGNS || !messages.length) return;
  const faults = faultRate(env);
  const all = faults ? messages.flatMap((m) => (Math.random() < faults ? [m, m] : [m])) : messages;
  const delay = delaySeconds > 0 ? { delaySeconds: Math.min(12 * 3600, Math.ceil(delaySeconds)) } : {};
  for (let i = 0; i < all.length; i += 100) {
    await env.CAMPAIGNS.sendBatch(all.slice(i, i + 100).map((body) => ({ body, ...delay })));
  }
}
