/**
 * The emulated 1C extension: watches writes of `Document_Заявка` (and of `Catalog_Контрагенты`, see
 * `counterpartyWritten`) and enqueues a notification whenever
 * `Статус_Key` changed (creation with a filled status counts as a change from «nothing»), and whenever a
 * user (not a data-load write) writes a posted document whose `ИдЭлементаБитрикс24` is empty — posting it
 * or changing it while posted: a request born in 1C. A row a person adds to «ИсторияВзаимодействий» for a
 * document is reported as `interaction.recorded`.
 */
import { newGuidV1 } from '../guid';
import { EMPTY_GUID } from '../model';
import type { OneCStore } from '../store';
import type { Row } from '../values';
import { buildCounterpartyChangedEvent } from './counterparty-event';
import {
  buildInteractionRecordedEvent,
  buildPostedEvent,
  buildStatusChangedEvent,
  statusInfo,
} from './event';
import type { NotificationQueue } from './queue';

export interface NotifyTarget {
  url: string;
  secret: string;
}

export class StatusNotifier {
  private target: NotifyTarget | undefined;

  constructor(
    private readonly store: OneCStore,
    private readonly queue: NotificationQueue,
    private readonly settings: { timeZone: string; infobase: string },
  ) {}

  setTarget(target: NotifyTarget | undefined): void {
    this.target = target;
  }

  /** Called after a committed write; `before` is undefined for a new document. */
  documentWritten(before: Row | undefined, after: Row, dataLoadMode: boolean): void {
    this.statusChanged(before, after, dataLoadMode);
    this.postedUnlinked(after, dataLoadMode);
  }

  /** Every write of a counterparty (the extension's ПриЗаписи), ours flagged `integration`. */
  counterpartyWritten(after: Row, dataLoadMode: boolean): void {
    if (!this.target) return;
    const eventId = newGuidV1();
    const event = buildCounterpartyChangedEvent({
      eventId,
      at: new Date(),
      timeZone: this.settings.timeZone,
      infobase: this.settings.infobase,
      initiator: dataLoadMode ? 'integration' : 'user',
      counterparty: after,
    });
    this.queue.enqueue(this.target.url, this.target.secret, eventId, JSON.stringify(event));
  }

  /**
   * Called after a new row of «ИсторияВзаимодействий» is committed: a row a person added (not a data-load
   * write, which is how the integration writes) for a document is reported as `interaction.recorded`.
   */
  historyRowAdded(row: Row, dataLoadMode: boolean): void {
    const documentRef = String(row.Заявка_Key ?? EMPTY_GUID);
    if (!this.target || dataLoadMode || documentRef === EMPTY_GUID) return;
    const document = this.store.get('Document_Заявка', documentRef);
    if (!document) return;
    const eventId = newGuidV1();
    const event = buildInteractionRecordedEvent({
      eventId,
      at: new Date(),
      timeZone: this.settings.timeZone,
      infobase: this.settings.infobase,
      document,
      row,
    });
    this.queue.enqueue(this.target.url, this.target.secret, eventId, JSON.stringify(event));
  }

  private postedUnlinked(after: Row, dataLoadMode: boolean): void {
    const unlinked = String(after.ИдЭлементаБитрикс24 ?? '').trim() === '';
    if (!this.target || dataLoadMode || after.Posted !== true || after.DeletionMark === true || !unlinked)
      return;
    const eventId = newGuidV1();
    const statusRef = String(after.Статус_Key ?? EMPTY_GUID);
    const event = buildPostedEvent({
      eventId,
      at: new Date(),
      timeZone: this.settings.timeZone,
      infobase: this.settings.infobase,
      initiator: 'user',
      document: after,
      status: statusInfo(statusRef, this.store.get('Catalog_СтатусыЗаявок', statusRef)),
    });
    this.queue.enqueue(this.target.url, this.target.secret, eventId, JSON.stringify(event));
  }

  private statusChanged(before: Row | undefined, after: Row, dataLoadMode: boolean): void {
    const previousRef = before ? String(before.Статус_Key ?? EMPTY_GUID) : EMPTY_GUID;
    const currentRef = String(after.Статус_Key ?? EMPTY_GUID);
    if (previousRef === currentRef || !this.target) return;
    const eventId = newGuidV1();
    const event = buildStatusChangedEvent({
      eventId,
      at: new Date(),
      timeZone: this.settings.timeZone,
      infobase: this.settings.infobase,
      initiator: dataLoadMode ? 'integration' : 'user',
      document: after,
      status: statusInfo(currentRef, this.store.get('Catalog_СтатусыЗаявок', currentRef)),
      previousStatus: before
        ? statusInfo(previousRef, this.store.get('Catalog_СтатусыЗаявок', previousRef))
        : null,
    });
    this.queue.enqueue(this.target.url, this.target.secret, eventId, JSON.stringify(event));
  }
}
