// The local SMS provider (development and tests): nothing leaves the machine. Each message is a
// row in `sms_outbox` and one JSON line on stdout, which `npm start` (wrangler dev) prints and the
// e2e tests read (test/support/sms-outbox.ts):
//   {"smsOutbox":{"tenantId":"pizhou","to":"13800000001","template":"verification_code","params":{"code":"123456"},"text":"【银杏家天下】…","at":1764230400000}}
import { smsOutbox } from '../../../schema/tables.ts';
import { database, errorMessages } from '../db.ts';
import { DEFAULT_ADDRESSES, renderSms, type SmsAddresses } from './template.ts';
import { NORMALISED_MOBILE, notNormalised, type SmsSender } from './types.ts';

/** The key that starts each outbox line on stdout. */
export const OUTBOX_LOG_KEY = 'smsOutbox';

export function outboxSender(d1: D1Database, addresses: SmsAddresses = DEFAULT_ADDRESSES): SmsSender {
  const db = database(d1);
  return {
    provider: 'outbox',
    async send({ tenantId, mobile, template, params }) {
      if (!NORMALISED_MOBILE.test(mobile)) return notNormalised(mobile);
      const text = renderSms(template, params, addresses);
      const at = Date.now();
      let id: number;
      try {
        const [row] = await db.insert(smsOutbox)
          .values({ tenantId, mobile, template, params: { ...params }, text, createdAt: at })
          .returning({ id: smsOutbox.id });
        id = row!.id;
      } catch (err) {
        console.error(`sms outbox: storing the message failed: ${errorMessages(err)}`);
        return { ok: false, reason: 'unavailable', message: 'the outbox could not store the message' };
      }
      console.log(JSON.stringify({ [OUTBOX_LOG_KEY]: { tenantId, to: mobile, template, params, text, at } }));
      return { ok: true, providerMessageId: `outbox-${id}` };
    },
  };
}
