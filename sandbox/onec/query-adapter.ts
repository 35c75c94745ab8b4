/**
 * The only place that knows the query layer's API (`./query`, built separately): turns our entity-set
 * definitions into its `EntitySetModel` and applies `$filter`/`$orderby` to stored rows.
 */
import { compileFilter, compileOrderBy, type EntitySetModel, type QueryContext } from './query';
import { type EntitySetDef, findSet } from './model';
import type { OneCStore } from './store';
import type { Row } from './values';

const models = new Map<string, EntitySetModel>();

export function queryModel(set: EntitySetDef): EntitySetModel {
  let model = models.get(set.name);
  if (!model) {
    model = {
      name: set.name,
      properties: Object.fromEntries(
        set.edmxOrder.map((n) => [n, set.properties.find((p) => p.name === n)!.type]),
      ),
      navigation: { ...set.navigation },
    };
    models.set(set.name, model);
  }
  return model;
}

export function queryContext(store: OneCStore, set: EntitySetDef): QueryContext {
  return {
    model: queryModel(set),
    resolve: (setName, ref) => (findSet(setName) ? store.get(setName, ref) : undefined),
    setModel: (name) => {
      const target = findSet(name);
      return target ? queryModel(target) : undefined;
    },
  };
}

export function filterRows(
  store: OneCStore,
  set: EntitySetDef,
  rows: Row[],
  filter: string | undefined,
): Row[] {
  if (filter === undefined) return rows;
  const predicate = compileFilter(filter, queryContext(store, set));
  return rows.filter((row) => predicate(row));
}

export function sortRows(
  store: OneCStore,
  set: EntitySetDef,
  rows: Row[],
  orderby: string | undefined,
): Row[] {
  if (orderby === undefined) return rows;
  const compare = compileOrderBy(orderby, queryContext(store, set));
  return [...rows].sort(compare);
}
