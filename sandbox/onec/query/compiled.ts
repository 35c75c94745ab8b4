/** Shared shapes of the compile step: what a bound expression knows statically and how it runs. */
import type { EntitySetModel, QueryContext, Row } from './model';
import type { StaticType } from './functions';
import type { Value } from './values';

/** Per-row evaluation environment: the entity and the rows bound to lambda variables. */
export interface Env {
  row: Row | undefined;
  vars: Map<string, Row>;
}

/** Names visible while compiling: the entity model and the models of lambda variables in scope. */
export interface Scope {
  ctx: QueryContext;
  model: EntitySetModel;
  vars: Map<string, EntitySetModel>;
}

export interface Compiled {
  type: StaticType;
  /** Target set of a reference-valued expression, for further `/Prop` navigation. */
  set?: string;
  /** Row model of a collection-valued expression (tabular section), for lambdas. */
  rowModel?: EntitySetModel;
  /** Constant value when the expression is a literal (lets `like` templates, units… be checked early). */
  constant?: Value;
  run(env: Env): Value;
}
