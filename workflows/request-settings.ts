/**
 * The part of the configuration a request workflow needs, passed in as workflow input so every decision the
 * workflow takes is deterministic on replay (config files may change between replays; history may not).
 */
import type { MatchRule, ClientTypeMapping } from '../domain/counterparty';
import type { OneCRequestRules } from '../domain/onec-request';
import type { RequestType } from '../domain/request';
import type { StageStatusPair } from '../domain/status-map';
import type { VanishedDocumentPolicy } from '../domain/vanished-document';

export interface RequestSettings {
  /** Salt of lock ids derived from client data (domain/lock-key.ts); from a configured secret. */
  lockSalt?: string;
  entityTypeId: number;
  categoryId: number;
  stages: StageStatusPair[];
  finalStatuses: string[];
  requestTypes: Record<string, RequestType>;
  checkInn: boolean;
  matchingOrder: MatchRule[];
  clientTypes: ClientTypeMapping;
  notifyResponsible: boolean;
  /** How long an invalid request may wait for the manager's fix before it is escalated. */
  escalateAfterMs: number;
  escalateToUserId: number | null;
  /**
   * Poll 1C for status changes this often; the fallback where the 1C extension is not installed (or a
   * notification was lost). Null turns polling off.
   */
  onecPollIntervalMs: number | null;
  /** What happens when the request's 1C document vanishes; absent (older runs) means "cancel". */
  vanishedDocument?: VanishedDocumentPolicy;
  /**
   * 1C statuses whose change in 1C is also sent to the responsible manager as a notification (default
   * ОжидаетУточнения, Завершена, Отменена). Optional so runs started before the setting existed replay.
   */
  notifyOnOneCStatuses?: string[];
  /** Portal address for links to items in notifications; none → the notification has no link. */
  portalUrl?: string;
  /** Requests born in 1C (config `onecRequests`): responsible mapping, switch, sweep look-back. */
  onecRequests?: OneCRequestRules & { enabled: boolean; sweepLookbackDays: number };
  /** Continue-as-new once the history has this many events (default 5000; lowered in tests). */
  historyEventLimit?: number;
  /**
   * What happens to the 1C document when its Bitrix24 item is deleted: status «Отменена» (`cancel`, the
   * default — also for workflows started before the setting existed) or the deletion mark.
   */
  onItemDeleted?: 'cancel' | 'deletion-mark';
}
