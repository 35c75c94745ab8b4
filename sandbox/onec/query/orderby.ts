/**
 * `$orderby=Description asc, Контрагент/ИНН desc` [D 17.4.6.3]: comma-separated expressions (paths or
 * function calls), each optionally followed by `asc`/`desc` after one or more spaces; `asc` by default.
 * The comparator returns 0 for rows equal on every key, so a stable sort keeps the store order.
 */
import type { Compiled, Scope } from './compiled';
import { functionError, parseError } from './errors';
import { compileNode } from './evaluator';
import { guarded } from './filter';
import type { QueryContext, Row } from './model';
import { Parser } from './parser';
import { sortCompare } from './values';

interface OrderKey {
  expression: Compiled;
  descending: boolean;
}

function parseOrderKeys(text: string, ctx: QueryContext): OrderKey[] {
  const parser = Parser.of(text, '$orderby');
  const scope: Scope = { ctx, model: ctx.model, vars: new Map() };
  const keys: OrderKey[] = [];
  for (;;) {
    const expression = compileNode(parser.expression(), scope);
    if (expression.type === 'rows') throw functionError('Cannot order by a collection');
    let descending = false;
    const t = parser.peek();
    if (t.kind === 'ident' && (t.text === 'asc' || t.text === 'desc')) {
      descending = t.text === 'desc';
      parser.next();
    }
    keys.push({ expression, descending });
    if (parser.atEnd()) return keys;
    parser.expectPunct(',');
  }
}

export function compileOrderBy(text: string, ctx: QueryContext): (a: Row, b: Row) => number {
  if (text.trim() === '') throw parseError('$orderby');
  const keys = guarded(() => parseOrderKeys(text, ctx), '$orderby');
  return (a, b) => {
    for (const key of keys) {
      const order = sortCompare(
        key.expression.run({ row: a, vars: new Map() }),
        key.expression.run({ row: b, vars: new Map() }),
      );
      if (order !== 0) return key.descending ? -order : order;
    }
    return 0;
  };
}
