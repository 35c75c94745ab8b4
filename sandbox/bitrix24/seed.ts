/**
 * Initial portal content: users, the «Заявки» smart process, reference lists and a few clients.
 */
import { usersTable } from './methods/users';
import { seedClients, seedReferenceLists } from './seed-clients';
import { seedRequests } from './seed-requests';
import type { Bitrix24Store } from './store';

export {
  REQUEST_FIELDS,
  REQUEST_TYPE_ITEMS,
  REQUESTS_CATEGORY_ID,
  REQUESTS_ENTITY_TYPE_ID,
  REQUESTS_TYPE_ID,
} from './seed-requests';

export function seedPortal(store: Bitrix24Store): void {
  // The employees of the sandbox portal (user.get, responsible managers of seeded items).
  usersTable(store);
  seedRequests(store);
  seedReferenceLists(store);
  seedClients(store);
}
