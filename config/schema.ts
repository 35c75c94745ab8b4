/**
 * The one configuration file of the integration (config/integration.json), as a zod schema. Every key is
 * documented with `.describe()` — `npx tsx config/describe.ts` prints them. Unknown keys are errors (a typo
 * would otherwise silently fall back to a default); keys starting with `$comment` or `//` are allowed
 * anywhere for notes.
 */
import { z } from 'zod';
import { decodeKey, KEY_BYTES } from '../codec/key-ring';
import { MATCH_RULES } from '../domain/counterparty';
import { DEFAULT_OWNERSHIP, SYNC_FIELDS, type SyncField } from '../domain/counterparty-sync';
import { DEFAULT_NOTIFY_ON_ONEC_STATUSES } from '../domain/onec-request';
import { DEFAULT_FINAL_STATUSES, ONEC_STATUSES } from '../domain/status-map';
import { VANISHED_DOCUMENT_POLICIES } from '../domain/vanished-document';
import { crossChecks } from './cross-checks';
import { parseDuration } from './duration';

const REQUEST_TYPES = ['Консультация', 'Обслуживание', 'Ремонт', 'Поставка', 'Прочее'] as const;

const httpUrl = z
  .string()
  .url('must be an absolute URL')
  .refine((u) => /^https?:\/\//i.test(u), 'must start with http:// or https://')
  // Both bases are prefixes we append method / entity-set names to.
  .transform((u) => (u.endsWith('/') ? u : `${u}/`));
const secret = (min: number) => z.string().min(min, `must be at least ${min} characters`);
const timeoutMs = z.number().int().min(1000).max(600_000);

/** `id:base64,id:base64` (the environment variable's form) → { id: base64 }; objects pass as they are. */
function keyListToRecord(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const entries = value
    .split(',')
    .map((pair) => pair.trim())
    .filter((pair) => pair !== '')
    .map((pair) => {
      const colon = pair.indexOf(':');
      return colon < 0 ? [pair, ''] : [pair.slice(0, colon).trim(), pair.slice(colon + 1).trim()];
    });
  return Object.fromEntries(entries);
}
const commaList = (value: unknown): unknown =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '')
    : value;

const codecSection = z
  .object({
    keys: z
      .preprocess(
        keyListToRecord,
        z.record(
          z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'key ids are 1-64 letters, digits, . _ -'),
          z
            .string()
            .refine((k) => decodeKey(k) !== undefined, `must be base64 of exactly ${KEY_BYTES} bytes`),
        ),
      )
      .default({})
      .describe(
        `Encryption keys by id: base64 of ${KEY_BYTES} random bytes (openssl rand -base64 32). Env TEMPORAL_CODEC_KEYS="id:base64,id:base64". Keep old keys while histories sealed with them are retained. Secret.`,
      ),
    currentKeyId: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Key that seals new payloads (env TEMPORAL_CODEC_KEY_ID); unset → payloads are not encrypted.',
      ),
    server: z
      .object({
        host: z.string().min(1).default('127.0.0.1').describe('Interface the codec server listens on.'),
        port: z.number().int().min(0).max(65_535).default(8234).describe('Port of the codec server.'),
        allowedOrigins: z
          .preprocess(commaList, z.array(z.string().url('must be an origin like http://127.0.0.1:8233')))
          .default(['http://127.0.0.1:8233', 'http://localhost:8233'])
          .describe(
            'Origins of the Temporal Web UI allowed to call the codec server from the browser (CORS).',
          ),
        tokens: z
          .preprocess(commaList, z.array(secret(16)))
          .default([])
          .describe(
            'Bearer tokens that may decode (env CODEC_SERVER_TOKENS, comma-separated); the codec server refuses to start without one. Secret.',
          ),
      })
      .strict()
      .default({}),
  })
  .strict()
  .superRefine((codec, ctx) => {
    if (codec.currentKeyId !== undefined && !(codec.currentKeyId in codec.keys)) {
      ctx.addIssue({
        code: 'custom',
        path: ['currentKeyId'],
        message: 'must be one of the ids in codec.keys',
      });
    }
  });

const stagePair = z
  .object({
    stageId: z
      .string()
      .regex(/^DT\d+_\d+:[A-Z0-9_]+$/, 'must look like DT1038_10:NEW')
      .describe('Bitrix24 stage id.'),
    status: z.enum(ONEC_STATUSES).describe('1C status: PredefinedDataName of catalog «СтатусыЗаявок».'),
  })
  .strict();

const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .refine((s) => parseDuration(s) !== null, 'must be a duration like 30s, 5m, 1h30m, 2d');

const baseSchema = z
  .object({
    bitrix24: z
      .object({
        webhookUrl: httpUrl.describe(
          'Inbound webhook base, https://<portal>/rest/<userId>/<token>/. Secret: keep it out of git.',
        ),
        applicationToken: secret(8)
          .optional()
          .describe(
            'auth[application_token] Bitrix24 puts in every outbound event to our handler; events with another token are rejected. Required unless inbound is "offline".',
          ),
        inbound: z
          .enum(['webhook', 'offline', 'both'])
          .default('webhook')
          .describe(
            'How Bitrix24 item events reach us: "webhook" (the portal POSTs them to the receiver), "offline" (a workflow reads the portal\'s offline event queue with event.offline.get — for portals that cannot reach the receiver), or "both" (duplicates are harmless). offline/both need bitrix24.oauth.',
          ),
        oauth: z
          .object({
            clientId: z
              .string()
              .min(1)
              .describe('Application code (client_id) of the local application on the portal.'),
            clientSecret: secret(8).describe(
              'Application key (client_secret) of the local application. Secret (env B24_CLIENT_SECRET).',
            ),
            refreshToken: secret(8).describe(
              'Refresh token of the first authorisation (npm run bitrix24:authorize). The reader keeps the newer ones in its workflow; a new value here is picked up at the next worker start. Secret (env B24_REFRESH_TOKEN).',
            ),
            restUrl: httpUrl
              .optional()
              .describe(
                "The portal's REST address for application calls, https://<portal>/rest/; default: the origin of webhookUrl + /rest/.",
              ),
            tokenUrl: httpUrl
              .default('https://oauth.bitrix.info/oauth/token/')
              .describe("OAuth token server (the cloud's: https://oauth.bitrix.info/oauth/token/)."),
            pollInterval: duration('10s').describe(
              'How long the offline-queue reader waits when the queue is empty.',
            ),
            batchSize: z
              .number()
              .int()
              .min(1)
              .max(1000)
              .default(50)
              .describe('Events taken from the offline queue per event.offline.get.'),
          })
          .strict()
          .optional()
          .transform((o) => (o ? { ...o, pollIntervalMs: parseDuration(o.pollInterval) ?? 0 } : o))
          .describe(
            'A local application (Приложения → Разработчикам → Другое → Локальное приложение, "uses only API", scopes crm, event): the offline event queue is served to applications only, never to an inbound webhook.',
          ),
        entityTypeId: z
          .number()
          .int()
          .min(128)
          .default(1038)
          .describe('entityTypeId of the smart process «Заявки».'),
        categoryId: z
          .number()
          .int()
          .min(0)
          .default(10)
          .describe('Funnel (category) of «Заявки» whose stages are mapped.'),
        fields: z
          .object({
            description: z
              .string()
              .default('ufCrm5Description')
              .describe('User field with the request text.'),
            requestType: z
              .string()
              .default('ufCrm5RequestType')
              .describe('Enumeration user field with the request type.'),
            onecNumber: z
              .string()
              .default('ufCrm5OnecNumber')
              .describe('User field we fill with the 1C document number.'),
            onecRef: z
              .string()
              .default('ufCrm5OnecRef')
              .describe('User field we fill with the 1C document Ref_Key.'),
          })
          .strict()
          .default({})
          .describe('camelCase names of the smart-process user fields (crm.item.* spelling).'),
        portalUrl: httpUrl
          .optional()
          .describe(
            'Address of the portal for links in notifications (https://<portal>/); default: the origin of webhookUrl.',
          ),
        timeoutMs: timeoutMs.default(30_000).describe('Timeout of one REST call, ms.'),
        limits: z
          .object({
            requestsPerSecond: z
              .number()
              .positive()
              .max(1000)
              .default(2)
              .describe("Drain rate of the portal's request bucket: cloud 2, Enterprise 5."),
            bucketSize: z
              .number()
              .int()
              .min(1)
              .max(10_000)
              .default(50)
              .describe("Size of the portal's request bucket: cloud 50, Enterprise 250."),
            operatingSeconds: z
              .number()
              .positive()
              .default(480)
              .describe('Operating-time limit of one method, seconds per 10 minutes (cloud 480).'),
            workers: z
              .number()
              .int()
              .min(1)
              .max(1000)
              .default(1)
              .describe(
                "Worker processes sharing the portal. Above 1, they lease slots from one budget per portal (a Temporal workflow, see `budget`); 1/workers of the rate and of the bucket is each process's fixed share when that budget cannot be reached.",
              ),
            budget: z
              .enum(['shared', 'fixed-share'])
              .default('shared')
              .describe(
                "With several workers: `shared` — one budget for the portal, kept by the workflow bitrix24-budget-<portal host>, slots leased to whichever worker has calls waiting; `fixed-share` — each process keeps 1/workers of the budget on its own (no round trip, but a busy worker cannot use an idle one's share).",
              ),
            taskQueueActivitiesPerSecond: z
              .number()
              .positive()
              .optional()
              .describe(
                'Optional cluster-wide cap on Bitrix24 activity starts per second, enforced by the Temporal server for all workers (maxTaskQueueActivitiesPerSecond); a safety net when the number of workers is not known in advance.',
              ),
          })
          .strict()
          .default({})
          .describe("The portal's REST limits; no call leaves a worker before they have room for it."),
        onItemDeleted: z
          .enum(['cancel', 'deletion-mark'])
          .default('cancel')
          .describe(
            'An item deleted in Bitrix24 after its 1C document exists: set the document to «Отменена» (cancel) or set its deletion mark.',
          ),
      })
      .strict(),
    onec: z
      .object({
        odataUrl: httpUrl
          .refine((u) => u.includes('/odata/standard.odata/'), 'must end with /odata/standard.odata/')
          .describe('Standard OData root, http(s)://<host>/<publication>/odata/standard.odata/.'),
        user: z.string().min(1).describe('1C user for OData, Basic auth.'),
        password: z.string().describe('Password of that user; may be empty in 1C.'),
        timezone: z
          .string()
          .default('Europe/Moscow')
          .refine(isTimeZone, 'must be an IANA time zone such as Europe/Moscow')
          .describe('Time zone of the 1C server: OData dates carry no zone.'),
        notifySecret: secret(16).describe(
          'HMAC secret shared with the 1C extension (constant «СекретУведомленийБитрикс24»), signs its notifications.',
        ),
        polling: z
          .object({
            enabled: z
              .boolean()
              .default(true)
              .describe('Reconcile 1C statuses by polling DataVersion (fallback for lost notifications).'),
            intervalSeconds: z
              .number()
              .int()
              .min(30)
              .max(86_400)
              .default(300)
              .describe('Polling period, seconds.'),
          })
          .strict()
          .default({}),
        vanishedDocument: z
          .enum(VANISHED_DOCUMENT_POLICIES)
          .default('cancel')
          .describe(
            'When the 1C document of an open request is deleted or marked for deletion: "cancel" moves the ' +
              'Bitrix24 item to the stage mapped to «Отменена» (if one is) and closes the request; "recreate" makes a new ' +
              'document from the Bitrix24 item. Either way the manager is told and a history row is written.',
          ),
        timeoutMs: timeoutMs.default(30_000).describe('Timeout of one OData call, ms.'),
        maxConcurrentRequests: z
          .number()
          .int()
          .min(1)
          .max(1000)
          .default(8)
          .describe(
            'OData requests one worker sends at a time; the waiting ones go first come, first served (by Bitrix24 item).',
          ),
      })
      .strict(),
    mapping: z
      .object({
        stages: z.array(stagePair).min(1).describe('Bitrix24 stage ↔ 1C status, one-to-one.'),
        requestTypes: z
          .record(z.string().regex(/^\d+$/, 'keys are enumeration item ids'), z.enum(REQUEST_TYPES))
          .default({
            '101': 'Консультация',
            '102': 'Обслуживание',
            '103': 'Ремонт',
            '104': 'Поставка',
            '105': 'Прочее',
          })
          .describe('Bitrix24 enumeration item id of the request-type field → 1C enumeration «ТипыЗаявок».'),
        clientTypes: z
          .object({
            supplierCompanyTypes: z
              .array(z.string().min(1))
              .default(['SUPPLIER'])
              .describe(
                'Bitrix24 COMPANY_TYPE values that become «Поставщик» in 1C (others: «ЮридическоеЛицо»).',
              ),
          })
          .strict()
          .default({}),
        finalStatuses: z
          .array(z.enum(ONEC_STATUSES))
          .default([...DEFAULT_FINAL_STATUSES] as Array<(typeof ONEC_STATUSES)[number]>)
          .describe('1C statuses after which a request is closed and mirroring stops.'),
      })
      .strict(),
    matching: z
      .object({
        order: z
          .array(z.enum(MATCH_RULES))
          .min(1)
          .default([...MATCH_RULES])
          .describe(
            'How an existing 1C counterparty is looked for, first hit wins: bitrixId, inn, phone, email.',
          ),
      })
      .strict()
      .default({}),
    onecRequests: z
      .object({
        enabled: z
          .boolean()
          .default(true)
          .describe(
            'Bring posted «Заявка» documents registered in 1C (no ИдЭлементаБитрикс24) into Bitrix24.',
          ),
        responsibleUsers: z
          .record(z.string().min(1), z.number().int().positive())
          .default({})
          .describe(
            '1C «Ответственный» (as written in 1C, e.g. "Иванова Мария") → Bitrix24 user id of the item\'s responsible.',
          ),
        fallbackUserId: z
          .number()
          .int()
          .positive()
          .default(1)
          .describe(
            'Bitrix24 user responsible for a 1C request whose «Ответственный» is empty or not mapped.',
          ),
        sweepLookbackDays: z
          .number()
          .int()
          .min(1)
          .max(3650)
          .default(30)
          .describe(
            'Reconciliation looks for unlinked posted documents dated this many days back from its watermark.',
          ),
      })
      .strict()
      .default({}),
    interactions: z
      .object({
        fromBitrix24: z
          .boolean()
          .default(true)
          .describe(
            'Calls, e-mails and meetings logged in Bitrix24 on a request item or its client become rows of «ИсторияВзаимодействий» (events ONCRMACTIVITYADD/UPDATE).',
          ),
        toBitrix24: z
          .boolean()
          .default(true)
          .describe(
            "Rows people add to «ИсторияВзаимодействий» in 1C become comments on the request item's timeline (extension notification, and every reconciliation run reads new rows by Period).",
          ),
      })
      .strict()
      .default({}),
    counterpartySync: z
      .object({
        enabled: z
          .boolean()
          .default(true)
          .describe(
            'Keep linked Bitrix24 companies/contacts and 1C counterparties in step both ways (one entity workflow per client).',
          ),
        ownership: z
          .object(
            Object.fromEntries(
              SYNC_FIELDS.map((field) => [
                field,
                z
                  .enum(['bitrix24', 'onec'])
                  .default(DEFAULT_OWNERSHIP[field])
                  .describe(`Which system owns ${field}; its value is copied to the other one.`),
              ]),
            ) as Record<SyncField, z.ZodDefault<z.ZodEnum<['bitrix24', 'onec']>>>,
          )
          .strict()
          .default({}),
        debounce: duration('2s').describe(
          'Changes of one client closer together than this are merged into one sync.',
        ),
        idleClose: duration('1h').describe(
          'A client workflow with no change for this long completes (the next change starts it again).',
        ),
      })
      .strict()
      .default({})
      .transform((c) => ({
        ...c,
        debounceMs: parseDuration(c.debounce) ?? 0,
        idleCloseMs: parseDuration(c.idleClose) ?? 0,
      })),
    validation: z
      .object({
        checkInn: z.boolean().default(true).describe('Reject requests whose client INN fails the checksum.'),
      })
      .strict()
      .default({}),
    notifications: z
      .object({
        notifyResponsible: z
          .boolean()
          .default(true)
          .describe('Notify the responsible manager about validation problems.'),
        escalateAfter: z
          .string()
          .default('24h')
          .refine((s) => parseDuration(s) !== null, 'must be a duration like 24h, 90m, 1h30m')
          .describe('Escalate when a request stays invalid this long.'),
        escalateToUserId: z
          .number()
          .int()
          .positive()
          .optional()
          .describe('Bitrix24 user id to escalate to; none → no escalation.'),
        onOneCStatus: z
          .array(z.enum(ONEC_STATUSES))
          .default([...DEFAULT_NOTIFY_ON_ONEC_STATUSES])
          .describe(
            '1C statuses whose change in 1C is sent to the responsible manager as a Bitrix24 notification with a link to the item.',
          ),
      })
      .strict()
      .default({})
      .transform((n) => ({ ...n, escalateAfterMs: parseDuration(n.escalateAfter) ?? 0 })),
    reconciliation: z
      .object({
        enabled: z
          .boolean()
          .default(true)
          .describe('Run the reconciliation schedule (heals missed Bitrix24 events and 1C notifications).'),
        interval: duration('5m').describe('How often the reconciliation schedule runs, e.g. 1m, 5m, 1h.'),
        lookback: duration('30d').describe(
          'How far back the first run looks at Bitrix24 items, and every run at 1C documents (by document date).',
        ),
        grace: duration('30s').describe(
          'Changes younger than this are left to the next run: their events are normally still on the way.',
        ),
        catchUpOnStart: z
          .boolean()
          .default(true)
          .describe(
            'A receiver that starts triggers one run once `grace` has passed: Bitrix24 does not resend the events it could not deliver while the receiver was down.',
          ),
      })
      .strict()
      .default({})
      .transform((r) => ({
        ...r,
        intervalMs: parseDuration(r.interval) ?? 0,
        lookbackMs: parseDuration(r.lookback) ?? 0,
        graceMs: parseDuration(r.grace) ?? 0,
      })),
    temporal: z
      .object({
        address: z.string().min(1).default('127.0.0.1:7233').describe('Temporal frontend host:port.'),
        namespace: z.string().min(1).default('default').describe('Temporal namespace.'),
        taskQueue: z
          .string()
          .min(1)
          .default('b24-onec-requests')
          .describe('Task queue of our workflows and activities.'),
        tls: z
          .object({
            certPath: z.string().min(1).describe('Client certificate (PEM) for mTLS.'),
            keyPath: z.string().min(1).describe('Client private key (PEM).'),
            caPath: z
              .string()
              .min(1)
              .optional()
              .describe('CA bundle of the server, when not publicly trusted.'),
            serverName: z
              .string()
              .min(1)
              .optional()
              .describe('Expected server name, when it differs from the address.'),
          })
          .strict()
          .optional()
          .describe('mTLS to Temporal (self-hosted with TLS, or Temporal Cloud with certificates).'),
        apiKey: z.string().min(1).optional().describe('API key (Temporal Cloud); implies TLS.'),
        maxCachedWorkflows: z
          .number()
          .int()
          .min(40)
          .default(100)
          .describe(
            'Workflows a worker keeps in memory between their tasks. Open requests mostly wait days for a status change; one evicted from the cache is replayed from its history (a few ms) when its next event comes. Each cached one holds a few hundred KB.',
          ),
      })
      .strict()
      .default({}),
    receiver: z
      .object({
        host: z.string().min(1).default('0.0.0.0').describe('Interface the webhook receiver listens on.'),
        port: z.number().int().min(0).max(65_535).default(3000).describe('Port of the webhook receiver.'),
        publicUrl: httpUrl
          .optional()
          .describe(
            'URL Bitrix24 and 1C reach the receiver at (the outgoing-webhook handler and the 1C notification address); informational.',
          ),
        maxBodyBytes: z
          .number()
          .int()
          .min(1024)
          .default(1_048_576)
          .describe('Largest accepted request body, bytes.'),
        rateLimit: z
          .object({
            enabled: z.boolean().default(true).describe('Limit requests per source address (answer 429).'),
            perSecond: z
              .number()
              .positive()
              .default(50)
              .describe(
                'Sustained requests per second from one address. Bitrix24 sends every event of a portal from a few addresses: keep it generous.',
              ),
            burst: z
              .number()
              .int()
              .min(1)
              .default(200)
              .describe('Requests one address may send at once before the sustained rate applies.'),
            maxSources: z
              .number()
              .int()
              .min(100)
              .default(10_000)
              .describe('Addresses tracked at once; the least recently seen is forgotten beyond that.'),
            trustProxy: z
              .boolean()
              .default(false)
              .describe(
                'Behind a reverse proxy: limit by the last X-Forwarded-For address (the one the proxy appended) instead of the proxy itself.',
              ),
          })
          .strict()
          .default({})
          .describe(
            'Per-source-address token bucket in front of both webhooks, so a flood cannot swamp the worker.',
          ),
      })
      .strict()
      .default({}),
    codec: codecSection
      .default({})
      .describe(
        'Encryption of workflow payloads (AES-256-GCM) and the codec server for the Temporal Web UI.',
      ),
    admin: z
      .object({
        token: secret(24)
          .optional()
          .describe(
            'Bearer token of the administrator page and API under /admin on the receiver (report, retry of failed runs). Unset: /admin is disabled (404). Secret: e.g. openssl rand -hex 32.',
          ),
        stuckAfterDays: z
          .number()
          .int()
          .min(1)
          .max(365)
          .default(3)
          .describe('An open request whose status has not changed for this many days is listed as stuck.'),
      })
      .strict()
      .default({}),
  })
  .strict();

export const configSchema = baseSchema.superRefine(crossChecks);

export type IntegrationConfig = z.output<typeof configSchema>;
export type IntegrationConfigInput = z.input<typeof configSchema>;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
