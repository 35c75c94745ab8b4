/** `$filter` entry point: parse, bind against the entity model, return a row predicate. */
import type { Compiled, Scope } from './compiled';
import { ODataError, parseError } from './errors';
import { compileNode } from './evaluator';
import type { QueryContext, Row } from './model';
import { parseExpression } from './parser';

/** Anything other than an ODataError escaping the compiler is a bug or resource exhaustion: report as 14. */
export function guarded<T>(build: () => T, option = '$filter'): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof ODataError) throw error;
    throw parseError(option);
  }
}

export function compileExpression(text: string, ctx: QueryContext, option = '$filter'): Compiled {
  return guarded(() => {
    const scope: Scope = { ctx, model: ctx.model, vars: new Map() };
    return compileNode(parseExpression(text, option), scope);
  }, option);
}

export function compileFilter(text: string, ctx: QueryContext): (row: Row) => boolean {
  if (text.trim() === '') throw parseError();
  const compiled = compileExpression(text, ctx);
  // A whole filter must be a condition: a comparison, a boolean property or function, `isof(…)`.
  if (!['bool', 'any', 'null'].includes(compiled.type)) throw parseError();
  return (row) => {
    try {
      const v = compiled.run({ row, vars: new Map() });
      return v.t === 'bool' && v.v;
    } catch (error) {
      if (error instanceof ODataError) throw error;
      throw new ODataError(500, '-1', 'Произошла внутренняя ошибка OData сервиса.');
    }
  };
}
