/**
 * Query-option layer of the 1C OData sandbox: pure functions, no I/O. The server parses the query string,
 * validates system options, then compiles `$filter`/`$orderby`/`$select`/`$expand` against the entity model.
 *
 *   parseQueryString(raw)                 → Map<name, value>   (%XX decoded as UTF-8, '+' kept literally)
 *   parseSystemOptions(map)               → SystemOptions      (unknown $xxx → 400/0; bad $top/$skip → 400/14;
 *                                                               bad $format → 406/3)
 *   compileFilter(text, ctx)              → (row) => boolean   (syntax/unknown function → 14, unsupported
 *                                                               function/arity/type → 21, unknown property → 10)
 *   compileOrderBy(text, ctx)             → comparator (0 on ties: use a stable sort)
 *   parseExpand / applyExpand             → nest related entities under the navigation name
 *   parseSelect / applySelect             → keep only the selected properties
 *   compileQuery / runQuery               → everything above in 1C's order for a collection GET
 *   parseKeyPredicate / formatKeyPredicate → entity keys `(guid'…')`, `(Name=value,…)`; errors 400/14 or 400/7
 *   formatLiteral & co.                   → the only way to put a value into filter/key text
 *   tokenize                              → the shared lexer (also used by the server for key predicates)
 *
 * Differences from the brief's sketch: `applySelect(row, spec, ctx, model?)` takes a spec from `parseSelect`;
 * `$expand` got its own `parseExpand`/`applyExpand`; `parseKeyPredicate` accepts the text with or without
 * the surrounding parentheses.
 */
export { ODataError } from './errors';
export type { EdmType, EntitySetModel, NavigationModel, QueryContext, Row } from './model';
export { parseQueryString, percentDecode } from './querystring';
export { parseFormat, parseSystemOptions, type ResponseFormat, type SystemOptions } from './options';
export { compileFilter } from './filter';
export { compileOrderBy } from './orderby';
export { applyExpand, parseExpand, type ExpandSpec } from './expand';
export { applySelect, parseSelect, selectAll, type SelectSpec } from './select';
export { compileQuery, runQuery, type CompiledQuery, type QueryResult } from './pipeline';
export { formatKeyPredicate, parseKeyPredicate, type KeyProperty } from './keys';
export {
  EMPTY_GUID,
  formatDateTimeLiteral,
  formatGuidLiteral,
  formatLiteral,
  formatNaiveDateTime,
  formatStringLiteral,
  normaliseGuid,
  parseNaiveDateTime,
  type LiteralInput,
} from './literals';
export { tokenize, type Token } from './lexer';
