// Notifications in the worker tests: the rows, the outbox, and consuming the queue by hand
// (cloudflare:test's message batches) on a clock the test sets.
import { createExecutionContext, createMessageBatch, env, getQueueResult } from 'cloudflare:test';
import { and, eq } from 'drizzle-orm';
import { notifications, smsOutbox } from '../../schema/index.ts';
import type { AppEnv, NotificationMessage } from '../../worker/src/env.ts';
import { consumeNotifications, type ConsumeDeps } from '../../worker/src/notify/consume.ts';
import { db } from './helpers.ts';

export type Bindings = AppEnv['Bindings'];
export const bindings = (over: Partial<Bindings> = {}): Bindings => ({ ...(env as unknown as Bindings), ...over });

/** 2026-12-04 at `hour`:`minute` China time (UTC+8), as unix ms. */
export const chinaTime = (hour: number, minute = 0, day = 4) => Date.UTC(2026, 11, day, hour - 8, minute);

export const rowsFor = (subjectId: string) => db().select().from(notifications).where(eq(notifications.subjectId, subjectId));
export const outboxFor = (mobile: string, template: string) =>
  db().select().from(smsOutbox).where(and(eq(smsOutbox.mobile, mobile), eq(smsOutbox.template, template)));

let seq = 0;
/** Delivers one message per id (an id twice: a redelivery) to the worker's consumer; the queue's verdict per message. */
export async function deliver(ids: string[], deps: ConsumeDeps & { env?: Bindings } = {}) {
  const batch = createMessageBatch<NotificationMessage>('ginkgo-notifications',
    ids.map((id) => ({ id: `msg-${++seq}`, timestamp: new Date(), attempts: 1, body: { id } })));
  // getQueueResult leaves out each retry's delay: observe what the consumer asked for.
  const delays = new Map<string, number | undefined>();
  for (const m of batch.messages) {
    const retry = m.retry.bind(m);
    Object.defineProperty(m, 'retry', { value: (o?: QueueRetryOptions) => { delays.set(m.id, o?.delaySeconds); retry(o); } });
  }
  const ctx = createExecutionContext();
  await consumeNotifications(batch, deps.env ?? bindings(), deps);
  const result = await getQueueResult(batch, ctx);
  return { ...result, retryMessages: result.retryMessages.map((r) => ({ ...r, delaySeconds: delays.get(r.msgId) })) };
}
