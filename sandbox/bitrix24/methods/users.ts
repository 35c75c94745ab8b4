/**
 * `user.current` and `user.get` over the portal's employees. The sandbox portal has three: the administrator
 * who owns the inbound webhook and two managers that requests get assigned to.
 */
import { formatPortalDate } from '../dates';
import { compare, matchesFilter, parseFilter } from '../events/row-filter';
import { paginate, parseStart } from '../list-query';
import { type UserRow, users } from '../crm/model';
import type { Bitrix24Store, Table } from '../store';
import { Bitrix24ApiError, type MethodHandler, type Params, value } from './types';

const SEED: Array<[number, string, string, string, string, string]> = [
  [1, 'Администратор', 'Портала', '', 'admin@sandbox.bitrix24.local', 'Администратор'],
  [2, 'Мария', 'Иванова', 'Андреевна', 'm.ivanova@sandbox.bitrix24.local', 'Менеджер по работе с клиентами'],
  [3, 'Сергей', 'Петров', 'Николаевич', 's.petrov@sandbox.bitrix24.local', 'Менеджер по продажам'],
];

/** Ids of portal administrators (offline events and foreign `auth_type` need one). */
export const ADMIN_USER_IDS = new Set([1]);

const REGISTERED = formatPortalDate(new Date('2024-01-15T09:00:00+03:00'));

/** The portal's users table (shared with the CRM seed); seeded with the three employees if still empty. */
export function usersTable(store: Bitrix24Store): Table<UserRow> {
  const table = users(store);
  if (table.size === 0) {
    for (const [id, name, lastName, secondName, email, position] of SEED) {
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
  return table;
}

/** A user as user.get/user.current print it: stored fields plus the profile fields every answer carries. */
function publicUser(user: UserRow): Record<string, unknown> {
  return {
    LAST_LOGIN: formatPortalDate(new Date()),
    DATE_REGISTER: REGISTERED,
    IS_ONLINE: 'N',
    TIME_ZONE: '',
    PERSONAL_GENDER: '',
    PERSONAL_BIRTHDAY: '',
    USER_TYPE: 'employee',
    ...user,
  };
}

export function userExists(store: Bitrix24Store, id: unknown): boolean {
  const n = Number(id);
  return Number.isInteger(n) && usersTable(store).get(n) !== undefined;
}

const FILTERABLE = [
  'ID',
  'ACTIVE',
  'NAME',
  'LAST_NAME',
  'SECOND_NAME',
  'EMAIL',
  'WORK_POSITION',
  'USER_TYPE',
  'UF_DEPARTMENT',
];

const userCurrent: MethodHandler = (_params, ctx) => {
  const user = usersTable(ctx.store).get(ctx.userId);
  if (!user) throw new Bitrix24ApiError('NO_AUTH_FOUND', 'Wrong authorization data', 401);
  return value(publicUser(user));
};

/** Filter comes as `filter`/`FILTER`, or — the legacy way — as top-level keys (`user.get {ID: 5}`). */
function userFilter(params: Params): Record<string, unknown> {
  const explicit = params.filter ?? params.FILTER;
  if (explicit && typeof explicit === 'object') return explicit as Record<string, unknown>;
  const reserved = new Set(['SORT', 'ORDER', 'START', 'SELECT', 'ADMIN_MODE', 'IMAGE_RESIZE']);
  return Object.fromEntries(Object.entries(params).filter(([k]) => !reserved.has(k.toUpperCase())));
}

const userGet: MethodHandler = (params, ctx) => {
  const raw = userFilter(params);
  const search = String(raw.NAME_SEARCH ?? raw.name_search ?? '').toLowerCase();
  const terms = parseFilter(raw, FILTERABLE).map((t) =>
    t.field === 'ACTIVE' ? { ...t, value: t.value === true || t.value === 'Y' || t.value === 'true' } : t,
  );
  const sortField = String(params.sort ?? params.SORT ?? 'ID').toUpperCase();
  const desc = String(params.order ?? params.ORDER ?? 'ASC').toUpperCase() === 'DESC';
  const rows = usersTable(ctx.store)
    .all()
    .map(publicUser)
    .filter((u) => matchesFilter(u, terms))
    .filter(
      (u) => !search || `${u.NAME} ${u.LAST_NAME} ${u.SECOND_NAME} ${u.EMAIL}`.toLowerCase().includes(search),
    )
    .sort((a, b) => (desc ? -1 : 1) * compare(a[sortField], b[sortField]) || compare(a.ID, b.ID));
  return paginate(rows, parseStart(params.start ?? params.START), (page) => page);
};

export const userMethods: Record<string, MethodHandler> = {
  'user.current': userCurrent,
  'user.get': userGet,
};
