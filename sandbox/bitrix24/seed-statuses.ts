/** Helpers shared by the seed modules: status rows and the fixed creation time of seeded records. */
import { formatPortalDate } from './dates';
import { statuses, type StatusRow } from './crm/model';
import type { Bitrix24Store } from './store';

export const SEED_TIME = formatPortalDate(new Date('2024-05-20T09:00:00+03:00'));

export function addStatuses(
  store: Bitrix24Store,
  entityId: string,
  categoryId: string | null,
  rows: Array<[string, string, 'S' | 'F' | null, string]>,
): void {
  const table = statuses(store);
  rows.forEach(([statusId, name, semantics, color], index) => {
    const id = table.nextId();
    const row: StatusRow = {
      ID: String(id),
      ENTITY_ID: entityId,
      STATUS_ID: statusId,
      NAME: name,
      NAME_INIT: name,
      SORT: String((index + 1) * 10),
      SYSTEM: semantics !== null || index === 0 ? 'Y' : 'N',
      CATEGORY_ID: categoryId,
      COLOR: color,
      SEMANTICS: semantics,
    };
    table.insert(id, row);
  });
}
