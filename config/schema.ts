/**
 * The one configuration file of the integration (config/integration.json), as a zod schema. Every key is
 * documented with `.describe()` — `npx tsx config/describe.ts` prints them. Unknown keys are errors (a typo
 * would otherwise silently fall back to a default); keys starting with `$comment` or `//` are allowed
 * anywhere for notes.
 */
import { z } from 'zod';
import { MATCH_RULES } from '../domain/counterparty';
import { DEFAULT_NOTIFY_ON_ONEC_STATUSES } from '../domain/onec-request';
import { DEFAULT_FINAL_STATUSES, ONEC_STATUSES } from '../domain/status-map';
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

const stagePair = z
  .object({
    stageId: z
      .string()
      .regex(/^DT\d+_\d+:[A-Z0-9_]+$/, 'must look like DT1038_10:NEW')
      .describe('Bitrix24 stage id.'),
    status: z.enum(ONEC_STATUSES).describe('1C status: PredefinedDataName of catalog «СтатусыЗаявок».'),
  })
  .strict();

const baseSchema = z
  .object({
    bitrix24: z
      .object({
        webhookUrl: httpUrl.describe(
          'Inbound webhook base, https://<portal>/rest/<userId>/<token>/. Secret: keep it out of git.',
        ),
        applicationToken: secret(8).describe(
          'auth[application_token] Bitrix24 puts in every outbound event to our handler; events with another token are rejected.',
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
        timeoutMs: timeoutMs.default(30_000).describe('Timeout of one OData call, ms.'),
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
