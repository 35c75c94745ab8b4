/**
 * In-memory state of one sandbox portal. Tables are plain maps with per-table auto-increment ids, so each
 * group of REST methods owns its own tables without a central schema. Domain events raised by writes
 * (item added, company updated, …) go through `events`, which the outbound-event dispatcher subscribes to.
 */
import { EventEmitter } from 'node:events';

export class Table<T extends { ID?: unknown; id?: unknown }> {
  private readonly rows = new Map<number, T>();
  private lastId: number;

  constructor(firstId = 1) {
    this.lastId = firstId - 1;
  }

  nextId(): number {
    this.lastId += 1;
    return this.lastId;
  }

  insert(id: number, row: T): T {
    this.rows.set(id, row);
    if (id > this.lastId) this.lastId = id;
    return row;
  }

  get(id: number): T | undefined {
    return this.rows.get(id);
  }

  delete(id: number): boolean {
    return this.rows.delete(id);
  }

  /** Rows in id order. */
  all(): T[] {
    return [...this.rows.entries()].sort((a, b) => a[0] - b[0]).map(([, row]) => row);
  }

  get size(): number {
    return this.rows.size;
  }

  /** Rows and the id counter (deleted ids are never handed out again, as on a portal). */
  snapshot(): TableSnapshot {
    return { lastId: this.lastId, rows: [...this.rows.entries()].sort((a, b) => a[0] - b[0]) };
  }

  restore(snapshot: TableSnapshot): void {
    this.rows.clear();
    for (const [id, row] of snapshot.rows) this.rows.set(id, row as T);
    this.lastId = snapshot.lastId;
  }
}

export interface TableSnapshot {
  lastId: number;
  rows: [number, Record<string, unknown>][];
}

/** A CRM change as Bitrix24 reports it in outbound events: the event name and its `data` payload. */
export interface PortalEvent {
  /** Upper-case event name as delivered, e.g. `ONCRMDYNAMICITEMUPDATE`, `ONCRMCOMPANYADD`. */
  event: string;
  data: Record<string, unknown>;
}

export class Bitrix24Store {
  private readonly tables = new Map<string, Table<Record<string, unknown>>>();
  /** Emits 'event' with a PortalEvent for every CRM change. */
  readonly events = new EventEmitter();

  table<T extends Record<string, unknown>>(name: string, firstId = 1): Table<T> {
    let table = this.tables.get(name);
    if (!table) {
      table = new Table<Record<string, unknown>>(firstId);
      this.tables.set(name, table);
    }
    return table as unknown as Table<T>;
  }

  emit(event: PortalEvent): void {
    this.events.emit('event', event);
  }

  /** Every table by name, JSON-ready (rows hold JSON values only). */
  snapshot(except: readonly string[] = []): Record<string, TableSnapshot> {
    const tables: Record<string, TableSnapshot> = {};
    for (const [name, table] of this.tables) if (!except.includes(name)) tables[name] = table.snapshot();
    return tables;
  }

  /** Replaces the named tables' contents (others keep theirs); no events are raised. */
  restore(tables: Record<string, TableSnapshot>): void {
    for (const [name, snapshot] of Object.entries(tables)) this.table(name).restore(snapshot);
  }
}
