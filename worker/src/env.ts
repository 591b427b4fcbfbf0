// The bottom of the worker's import graph: types only, importing nothing of the worker's (only
// the schema's), so that every module may import it without a cycle (test/node/import-cycles.test.ts).
import type { apiKeys } from '../../schema/index.ts';

/** The caller's key as the middleware resolves it (access/api-key.ts); frozen, shared by the isolate's requests. */
export type ResolvedKey = Pick<typeof apiKeys.$inferSelect,
  'id' | 'tenantId' | 'kind' | 'role' | 'scopeNodeId' | 'scopes' | 'allowedOrigins'>
  // A partner key's service category (service requests); absent where a key is built by hand.
  & Partial<Pick<typeof apiKeys.$inferSelect, 'serviceCategory'>>
  // A console session acts as a secret key of its grant (`id` is the grant's): the staff user behind it.
  & { userId?: string };

/** A NOTIFICATIONS queue message: the row to send (worker/src/notify/). */
export type NotificationMessage = { id: string };

/**
 * A CAMPAIGNS queue message (worker/src/campaigns/consume.ts): make the next letters after the member
 * id `after`; send the letters' SMS of members in (`after`, `upTo`]; or remind those due after `after`.
 */
export type CampaignMessage =
  | { kind: 'letters'; campaignId: string; after: string | null }
  | { kind: 'sms'; campaignId: string; after: string | null; upTo: string | null }
  | { kind: 'remind'; campaignId: string; after: string | null };

/** The request's Idempotency-Key and the hash of what it asked (middleware/idempotency.ts). */
export type IdempotencyContext = { key: string; requestHash: string };

/** Bindings from wrangler.toml and the per-request variables the middleware sets. */
export type AppEnv = {
  Bindings: {
    DB: D1Database;
    ASSETS?: Fetcher;
    /** Optional so that a deployment without them (or `app.request` in a test) still runs. */
    KEY_RATE_LIMIT?: RateLimit;
    CLIENT_RATE_LIMIT?: RateLimit;
    /** Check-ins per mobile number (tenant + number), whoever sends them. */
    PHONE_RATE_LIMIT?: RateLimit;
    /** Human verification before an SMS code is sent: `altcha` (default), `turnstile`, or `none` (tests only). */
    VERIFICATION_PROVIDER?: string;
    /**
     * A secret (`wrangler secret put VERIFICATION_SECRET`; locally `.dev.vars`, made by `npm start`):
     * signs ALTCHA challenges and mobile proofs, and keys the hashes of numbers and codes.
     */
    VERIFICATION_SECRET?: string;
    /** SMS codes sent per key per minute (all its visitors): a cost cap against SMS pumping. */
    SMS_KEY_RATE_LIMIT?: RateLimit;
    /** Check-in status lookups per reference and per client address. */
    LOOKUP_RATE_LIMIT?: RateLimit;
    /** Console sign-in requests (/auth) per client address. */
    STAFF_AUTH_RATE_LIMIT?: RateLimit;
    /**
     * The console's public origin (e.g. https://ginkgo.example.gov.cn), for the links it hands
     * out (invitations); unset, the origin of the request that made the link.
     */
    CONSOLE_ORIGIN?: string;
    TURNSTILE_SITE_KEY?: string;
    /** A secret (`wrangler secret put TURNSTILE_SECRET_KEY`), never a var in wrangler.toml. */
    TURNSTILE_SECRET_KEY?: string;
    /** "rows": Server-Timing also reports D1 rows read and written (doubles select work; benchmark only). */
    D1_METER?: string;
    /**
     * SMS for mobile verification codes (worker/src/sms/): `SMS_PROVIDER` is `outbox` (the default:
     * stored in sms_outbox and printed, nothing sent), `aliyun` or `tencent`. The vendor's keys are
     * secrets (`wrangler secret put ALIYUN_ACCESS_KEY_SECRET` / `TENCENT_SECRET_KEY`), never vars in
     * wrangler.toml. A provider missing a required setting throws at `smsSenderFor`.
     */
    /** Days a rejected or returned check-in is kept after the decision (default 180); jobs/purge-check-ins.ts. */
    RETENTION_REFUSED_DAYS?: string;
    /** Days an unverified check-in nobody decided is kept (default 60). */
    RETENTION_UNVERIFIED_DAYS?: string;
    SMS_PROVIDER?: string;
    ALIYUN_ACCESS_KEY_ID?: string;
    ALIYUN_ACCESS_KEY_SECRET?: string;
    ALIYUN_SMS_SIGN_NAME?: string;
    ALIYUN_SMS_TEMPLATE_CODE?: string;
    /** Default https://dysmsapi.aliyuncs.com. */
    ALIYUN_SMS_ENDPOINT?: string;
    TENCENT_SECRET_ID?: string;
    TENCENT_SECRET_KEY?: string;
    TENCENT_SMS_SDK_APP_ID?: string;
    TENCENT_SMS_SIGN_NAME?: string;
    TENCENT_SMS_TEMPLATE_ID?: string;
    /** Default ap-guangzhou. */
    TENCENT_SMS_REGION?: string;
    /** Default https://sms.tencentcloudapi.com. */
    TENCENT_SMS_ENDPOINT?: string;
    /** Notifications (docs/notifications.md): the SMS templates' vendor codes/ids, a JSON object by template name. */
    SMS_NOTIFY_TEMPLATES?: string | Record<string, string>;
    /** The fixed addresses the messages name: the member's status page and the console (no scheme needed). */
    NOTIFY_STATUS_ADDRESS?: string;
    NOTIFY_CONSOLE_ADDRESS?: string;
    /** The publishable key /s (NOTIFY_STATUS_ADDRESS) opens 我的报到 with; empty: the page says the link is incomplete. */
    STATUS_PAGE_KEY?: string;
    /** Quiet hours, China time: "21-8" (the default), another "from-until", or "off". */
    NOTIFY_QUIET_HOURS?: string;
    /** The notifications queue (producer; the same worker consumes it, worker/src/notify/consume.ts). */
    NOTIFICATIONS?: Queue<NotificationMessage>;
    /** The fixed address a campaign SMS names (the page where a member types the personal code), e.g. ginkgo.example.gov.cn/l. */
    LETTER_ADDRESS?: string;
    /** The campaigns queue: letters made and SMS sent in steps (producer; the same worker consumes it). */
    CAMPAIGNS?: Queue<CampaignMessage>;
    /**
     * `off`: campaign SMS written to the outbox are not also printed (one line each). The benchmark
     * sets it: a burst of 500 lines stalls the local runtime's log pipe (Miniflare's structured logs).
     */
    SMS_OUTBOX_LOG?: string;
    /** Members enumerated per letters step (default 500). */
    CAMPAIGN_CHUNK_SIZE?: string;
    /**
     * Benchmark and tests only: the share (0–0.5) of campaign queue messages that fail on purpose,
     * before or after their work, and of enqueued messages sent twice. Refused unless SMS_PROVIDER is the outbox.
     */
    CAMPAIGN_FAULTS?: string;
    /** Receipt routes: the secret in the vendors' callback URL path (`wrangler secret put NOTIFY_RECEIPT_TOKEN`). */
    NOTIFY_RECEIPT_TOKEN?: string;
    /** WeChat 服务号 (one-time subscriptions): app id and template ids as vars, the secret with `wrangler secret put`. */
    WECHAT_APP_ID?: string;
    WECHAT_APP_SECRET?: string;
    /** The subscription templates: the check-in's decision, and a request resolved. */
    WECHAT_TEMPLATE_CHECK_IN?: string;
    WECHAT_TEMPLATE_REQUEST?: string;
    /** Default https://api.weixin.qq.com (tests point it at a local fake). */
    WECHAT_API_ENDPOINT?: string;
    /** Where the message opens (the status page); a WeChat template may carry a link, unlike an SMS. */
    WECHAT_STATUS_URL?: string;
  };
  // correlationId: the client's own X-Request-Id if well-formed, for correlation only (never the request id).
  Variables: { requestId: string; key: ResolvedKey; idempotency: IdempotencyContext; correlationId: string | undefined };
};
