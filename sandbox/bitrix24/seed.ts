/**
 * Initial portal content: users, the «Заявки» smart process, reference lists and a few clients.
 */
import { users } from './crm/model';
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

/** id, NAME, LAST_NAME, SECOND_NAME, EMAIL, WORK_POSITION — the same employees methods/users.ts describes. */
const EMPLOYEES: Array<[number, string, string, string, string, string]> = [
  [1, 'Администратор', 'Портала', '', 'admin@sandbox.bitrix24.local', 'Администратор'],
  [2, 'Мария', 'Иванова', 'Андреевна', 'm.ivanova@sandbox.bitrix24.local', 'Менеджер по работе с клиентами'],
  [3, 'Сергей', 'Петров', 'Николаевич', 's.petrov@sandbox.bitrix24.local', 'Менеджер по продажам'],
];

/** Users live in the shared `user` table; seeded here so the CRM does not depend on the users module. */
function seedUsers(store: Bitrix24Store): void {
  const table = users(store);
  if (table.size > 0) return;
  for (const [id, name, lastName, secondName, email, position] of EMPLOYEES) {
    table.insert(id, {
      ID: String(id),
      ACTIVE: true,
      NAME: name,
      LAST_NAME: lastName,
      SECOND_NAME: secondName,
      EMAIL: email,
      WORK_POSITION: position,
      UF_DEPARTMENT: [1],
    });
  }
}

export function seedPortal(store: Bitrix24Store): void {
  seedUsers(store);
  seedRequests(store);
  seedReferenceLists(store);
  seedClients(store);
}
