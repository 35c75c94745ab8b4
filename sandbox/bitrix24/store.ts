/**
 * In-memory state of one sandbox portal. Tables are plain maps with per-table auto-increment ids, so each
 * group of REST methods owns its own tables without a central schema. Domain events raised by writes
 * (item added, company updated, …) go through `events`, which the outbound-event dispatcher subscribes to.
 */
import { EventEmitter } from 'node:events';

export class Table<T extends { ID?: unknown; id?: unknown }> {
  private readonly rows = new Map<number, T>();
  private lastId: number;
  /** Rows in id order, kept between writes: list methods read big tables page after page. */
  private ordered: T[] | undefined;
  /** Bumped by every write, so indexes built on a table know when they are stale. */
  version = 0;
  /** Highest id among the rows (ids are handed out by nextId before the row arrives). */
  private highestRowId = 0;

  constructor(firstId = 1) {
    this.lastId = firstId - 1;
  }

  nextId(): number {
    this.lastId += 1;
    return this.lastId;
  }

  private changed(): void {
    this.ordered = undefined;
    this.version += 1;
  }

  insert(id: number, row: T): T {
    // A new id above every other keeps the order; anything else re-sorts on the next read.
    if (this.ordered && !this.rows.has(id) && id > this.highestRowId) {
      this.ordered.push(row);
      this.version += 1;
    } else this.changed();
    this.rows.set(id, row);
    if (id > this.highestRowId) this.highestRowId = id;
    if (id > this.lastId) this.lastId = id;
    return row;
  }

  get(id: number): T | undefined {
    return this.rows.get(id);
  }

  delete(id: number): boolean {
    this.changed();
    return this.rows.delete(id);
  }

  /** Rows in id order (a copy: callers may sort or filter it as they like). */
  all(): T[] {
    return this.inOrder().slice();
  }

  /** Rows in id order, not copied: for readers that only look (list methods over big tables). */
  inOrder(): readonly T[] {
    this.ordered ??= [...this.rows.entries()].sort((a, b) => a[0] - b[0]).map(([, row]) => row);
    return this.ordered;
  }

  get size(): number {
    return this.rows.size;
  }

  /** Rows and the id counter (deleted ids are never handed out again, as on a portal). */
  snapshot(): TableSnapshot {
    return { lastId: this.lastId, rows: [...this.rows.entries()].sort((a, b) => a[0] - b[0]) };
  }

  restore(snapshot: TableSnapshot): void {
    this.changed();
    this.rows.clear();
    for (const [id, row] of snapshot.rows) this.rows.set(id, row as T);
    this.highestRowId = snapshot.rows.reduce((max, [id]) => Math.max(max, id), 0);
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
