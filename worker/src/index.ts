import { app } from './app.ts';
import type { AppEnv, CampaignMessage, NotificationMessage } from './env.ts';
import { consumeCampaigns } from './campaigns/consume.ts';
import { scheduleReminders, sweepCampaigns } from './campaigns/sweep.ts';
import { expireIdempotencyKeys } from './jobs/expire-idempotency-keys.ts';
import { purgeVerifications } from './jobs/purge-verifications.ts';
import { followUpLostContact } from './jobs/lost-contact.ts';
import { handOffEndedCampaigns } from './jobs/campaign-hand-off.ts';
import { consumeNotifications } from './notify/consume.ts';
import { sendStaffDigests } from './notify/digest.ts';
import { sweepNotifications } from './notify/sweep.ts';
import { purgeCheckIns } from './jobs/purge-check-ins.ts';

/** wrangler.toml `[triggers]`: the daily housekeeping and campaign reminders, the sweep (notifications, campaigns sending or ended), the staff digest. */
export const CRONS = { daily: '17 3 * * *', sweep: '*/15 * * * *', digest: '30 0 * * *' } as const;

const logged = (job: string, work: Promise<number>) => work.then((n) => console.log(JSON.stringify({ job, n })));

export default {
  fetch: app.fetch,
  async scheduled(controller, env, ctx) {
    const at = controller.scheduledTime;
    if (controller.cron === CRONS.sweep) {
      ctx.waitUntil(logged('notifications-sweep', sweepNotifications(env, at)));
      ctx.waitUntil(logged('campaigns-sweep', sweepCampaigns(env, at)));
      // Every 15 minutes, a bounded part of each ended campaign's silent letters (jobs/campaign-hand-off.ts).
      ctx.waitUntil(handOffEndedCampaigns(env.DB, at).then((handed) => console.log(JSON.stringify({ job: 'campaign-hand-off', ...handed }))));
      return;
    }
    if (controller.cron === CRONS.digest) {
      ctx.waitUntil(logged('staff-digest', sendStaffDigests(env, at)));
      return;
    }
    ctx.waitUntil(expireIdempotencyKeys(env.DB).then((deleted) =>
      console.log(JSON.stringify({ job: 'expire-idempotency-keys', deleted }))));
    ctx.waitUntil(purgeVerifications(env.DB).then((deleted) =>
      console.log(JSON.stringify({ job: 'purge-verifications', deleted }))));
    ctx.waitUntil(purgeCheckIns(env).then((deleted) =>
      console.log(JSON.stringify({ job: 'purge-check-ins', deleted }))));
    ctx.waitUntil(followUpLostContact(env.DB).then((cases) =>
      console.log(JSON.stringify({ job: 'lost-contact', cases }))));
    // 03:17 UTC is 11:17 China time: reminders go out of quiet hours.
    ctx.waitUntil(logged('campaign-reminders', scheduleReminders(env, at)));
  },
  /**
   * The two queues (wrangler.toml): NOTIFICATIONS, one message per notification to send; CAMPAIGNS
   * (its name starts `ginkgo-campaigns`, the tests' queue too), one step of a campaign's sending.
   */
  async queue(batch, env) {
    if (batch.queue.startsWith('ginkgo-campaigns')) await consumeCampaigns(batch as MessageBatch<CampaignMessage>, env);
    else await consumeNotifications(batch as MessageBatch<NotificationMessage>, env);
  },
} satisfies ExportedHandler<AppEnv['Bindings'], NotificationMessage | CampaignMessage>;
