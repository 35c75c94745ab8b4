/**
 * Registered event handlers (what `event.bind` writes), kept in the portal store so the dispatcher and the
 * REST methods share them. One row per (event, handler, auth user, connector) — the portal's uniqueness key.
 */
import type { Bitrix24Store, Table } from '../store';

export interface BindingFields {
  EVENT_NAME: string;
  /** Empty for offline bindings. */
  EVENT_HANDLER: string;
  /** 0 = authorise as the user who caused the event. */
  USER_ID: number;
  CONNECTOR_ID: string;
  OFFLINE: boolean;
  OPTIONS: Record<string, number>;
}

export interface EventBinding extends BindingFields, Record<string, unknown> {
  ID: number;
}

export function bindingsTable(store: Bitrix24Store): Table<EventBinding> {
  return store.table<EventBinding>('eventBindings');
}

export function findDuplicate(store: Bitrix24Store, candidate: BindingFields): EventBinding | undefined {
  return bindingsTable(store)
    .all()
    .find(
      (row) =>
        row.EVENT_NAME === candidate.EVENT_NAME &&
        row.EVENT_HANDLER === candidate.EVENT_HANDLER &&
        row.USER_ID === candidate.USER_ID &&
        row.CONNECTOR_ID === candidate.CONNECTOR_ID,
    );
}

export function addBinding(store: Bitrix24Store, fields: BindingFields): EventBinding {
  const table = bindingsTable(store);
  const id = table.nextId();
  return table.insert(id, { ID: id, ...fields });
}

export function bindingsFor(store: Bitrix24Store, upperEventName: string): EventBinding[] {
  return bindingsTable(store)
    .all()
    .filter((row) => row.EVENT_NAME === upperEventName);
}
