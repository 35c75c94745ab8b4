/**
 * What the query layer needs to know about the data: the EDM shape of an entity set and a way to follow
 * references. The sandbox server owns the store and passes these in; this layer never touches storage.
 */
export type EdmType =
  | 'Edm.Guid'
  | 'Edm.String'
  | 'Edm.Boolean'
  | 'Edm.DateTime'
  | 'Edm.Double'
  | 'Edm.Int16'
  | 'Edm.Int32'
  | 'Edm.Int64'
  | `Collection(${string})`;

export interface NavigationModel {
  /** Entity set the reference points to, e.g. `Catalog_Контрагенты`. */
  targetSet: string;
  /** Property holding the reference GUID, e.g. `Контрагент_Key`. */
  keyProperty: string;
}

export interface EntitySetModel {
  name: string;
  /** Declared properties in metadata order (includes `Ref_Key`, `DataVersion`, tabular sections…). */
  properties: Record<string, EdmType>;
  navigation: Record<string, NavigationModel>;
  /** Row models of the `Collection(...)` properties, keyed by property name. */
  tabularSections?: Record<string, EntitySetModel>;
}

/** An entity as stored: JSON values exactly as 1C emits them (naive dates, lowercase GUIDs, Int64 as string). */
export type Row = Record<string, unknown>;

export interface QueryContext {
  model: EntitySetModel;
  /** Looks up the entity of `setName` whose key is `ref` (a lowercase GUID); undefined when absent. */
  resolve(setName: string, ref: string): Row | undefined;
  setModel(name: string): EntitySetModel | undefined;
}

export function isCollectionType(type: EdmType): boolean {
  return type.startsWith('Collection(');
}
