/**
 * In-memory infobase: one ordered table per entity set (insertion order = the order rows come back without
 * `$orderby`), the base-wide `DataVersion` counter and autonumbering.
 */
import { type EntitySetDef, ENTITY_SETS, findSet } from './model';
import { encodeDataVersion } from './guid';
import type { Row } from './values';

export interface OneCStoreSnapshot {
  versionCounter: number;
  sets: Record<string, Row[]>;
}

export class OneCStore {
  private readonly tables = new Map<string, Map<string, Row>>();
  private versionCounter = 0;

  constructor() {
    for (const set of ENTITY_SETS) this.tables.set(set.name, new Map());
  }

  /** Bumps the base-wide counter; every write of a reference object gets a fresh value. */
  nextDataVersion(): string {
    this.versionCounter += 1;
    return encodeDataVersion(this.versionCounter);
  }

  keyOf(set: EntitySetDef, row: Row): string {
    return set.keys.length === 1
      ? String(row[set.keys[0] ?? ''])
      : JSON.stringify(set.keys.map((k) => row[k]));
  }

  keyFromValues(set: EntitySetDef, values: Record<string, unknown>): string {
    return set.keys.length === 1
      ? String(values[set.keys[0] ?? ''])
      : JSON.stringify(set.keys.map((k) => values[k]));
  }

  private table(setName: string): Map<string, Row> {
    const t = this.tables.get(setName);
    if (!t) throw new Error(`unknown set ${setName}`);
    return t;
  }

  all(setName: string): Row[] {
    return [...this.table(setName).values()];
  }

  get(setName: string, key: string): Row | undefined {
    return this.table(setName).get(key);
  }

  has(setName: string, key: string): boolean {
    return this.table(setName).has(key);
  }

  /** Inserts or replaces in place (a replaced row keeps its position). */
  put(setName: string, row: Row): Row {
    const set = findSet(setName);
    if (!set) throw new Error(`unknown set ${setName}`);
    this.table(setName).set(this.keyOf(set, row), row);
    return row;
  }

  delete(setName: string, key: string): boolean {
    return this.table(setName).delete(key);
  }

  /** Every set's rows in their order plus the DataVersion counter, JSON-ready (rows hold scalars only). */
  snapshot(): OneCStoreSnapshot {
    const sets: Record<string, Row[]> = {};
    for (const [name, table] of this.tables) sets[name] = [...table.values()];
    return { versionCounter: this.versionCounter, sets };
  }

  /** Replaces the contents of the sets in the snapshot (unknown sets are skipped: the model moved on). */
  restore(snapshot: OneCStoreSnapshot): void {
    for (const [name, rows] of Object.entries(snapshot.sets)) {
      const table = this.tables.get(name);
      const set = findSet(name);
      if (!table || !set) continue;
      table.clear();
      for (const row of rows) table.set(this.keyOf(set, row), row);
    }
    this.versionCounter = Math.max(this.versionCounter, snapshot.versionCounter);
  }

  /**
   * Next 9-char code/number: max existing + 1, per calendar year of `Date` for documents (year periodicity).
   */
  nextNumber(set: EntitySetDef, date?: string): string {
    const field = set.kind === 'document' ? 'Number' : 'Code';
    const year = date?.slice(0, 4);
    let max = 0;
    for (const row of this.all(set.name)) {
      if (set.kind === 'document' && String(row.Date).slice(0, 4) !== year) continue;
      const n = Number.parseInt(String(row[field]), 10);
      if (Number.isFinite(n) && n > max) max = n;
    }
    return String(max + 1).padStart(9, '0');
  }
}
