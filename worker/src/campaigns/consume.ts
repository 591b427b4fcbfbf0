// The CAMPAIGNS queue's consumer: each message is one step (letters.ts, sms-steps.ts). Every step is
// safe to run twice or at once with itself, so a failure is simply retried; CAMPAIGN_FAULTS (tests and
// the benchmark only) makes some fail on purpose, before or after their work.
import { errorMessages } from '../db.ts';
import type { AppEnv, CampaignMessage } from '../env.ts';
import { makeLetters, type LetterDeps } from './letters-step.ts';
import { faultRate } from './queue.ts';
import { sendLetterSms, sendReminders, type StepOutcome } from './sms-steps.ts';
import type { SmsDeps } from './campaign-sms.ts';

export type CampaignDeps = LetterDeps & SmsDeps;
const MAX_DELAY_SECONDS = 12 * 3600;

class InjectedFault extends Error {
  constructor(when: string) { super(`a fault injected ${when} the step (CAMPAIGN_FAULTS)`); }
}

async function step(env: AppEnv['Bindings'], m: CampaignMessage, deps: CampaignDeps): Promise<StepOutcome> {
  switch (m.kind) {
    case 'letters': await makeLetters(env, m.campaignId, m.after, deps); return { ack: true };
    case 'sms': return sendLetterSms(env, m, deps);
    case 'remind': return sendReminders(env, m, deps);
    default: return { ack: true };
  }
}

export async function consumeCampaigns(batch: MessageBatch<CampaignMessage>, env: AppEnv['Bindings'], deps: CampaignDeps = {}): Promise<void> {
  const faults = faultRate(env);
  for (const message of batch.messages) {
    let outcome: StepOutcome;
    try {
      if (faults && Math.random() < faults / 2) throw new InjectedFault('before');
      outcome = await step(env, message.body, deps);
      if (faults && Math.random() < faults / 2) throw new InjectedFault('after');
    } catch (err) {
      if (!(err instanceof InjectedFault)) console.error(`campaigns: ${JSON.stringify(message.body)} failed: ${errorMessages(err)}`);
      // 1, 2, 4 … 60 s: a passing fault clears fast, a lasting one is not hammered.
      outcome = { ack: false, delaySeconds: Math.min(60, 2 ** Math.max(0, message.attempts - 1)) };
    }
    if (outcome.ack) message.ack();
    else message.retry({ delaySeconds: Math.min(MAX_DELAY_SECONDS, Math.max(1, Math.ceil(outcome.delaySeconds))) });
  }
}
