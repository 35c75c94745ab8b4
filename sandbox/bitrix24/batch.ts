/**
 * `batch`: up to 50 sub-calls in one HTTP request, run in order, each a `method?url-encoded-query` string.
 * Later commands may reference earlier results with `$result[key][path]…` (also `$result_total`, `$result_next`).
 * Every per-key map in the answer is a PHP array, so an empty one is `[]` and 0..n-1 keys make a JSON list.
 */
import { z } from 'zod';
import { decodePhpForm } from '../../domain/php-form';
import { timeInfo } from './envelope';
import type { CallOutcome } from './dispatch';
import { batchMethodNotAllowed, methodName } from './dispatch';
import {
  Bitrix24ApiError,
  value,
  type MethodContext,
  type MethodHandler,
  type Params,
} from './methods/types';

export const MAX_BATCH_LENGTH = 50;

export type SubCall = (method: string, params: Params, ctx: MethodContext) => Promise<CallOutcome>;

const batchParams = z.object({
  cmd: z.union([z.record(z.unknown()), z.array(z.unknown())]).optional(),
  halt: z.union([z.boolean(), z.number(), z.string()]).optional(),
});

type Ordered = Array<[string, unknown]>;

/** json_encode semantics of a PHP array built from ordered pairs. */
function phpArray(pairs: Ordered): unknown {
  if (pairs.every(([key], index) => key === String(index))) return pairs.map(([, v]) => v);
  return Object.fromEntries(pairs);
}

const REF = /\$(result|result_total|result_next)\[([^\]]+)\]((?:\[[^\]]*\])*)/g;

interface Results {
  result: Map<string, unknown>;
  result_total: Map<string, unknown>;
  result_next: Map<string, unknown>;
}

function resolveRef(
  results: Results,
  kind: string,
  key: string,
  pathText: string,
): { found: boolean; value: unknown } {
  const source = results[kind as keyof Results];
  if (!source.has(key)) return { found: false, value: undefined };
  let current: unknown = source.get(key);
  for (const match of pathText.matchAll(/\[([^\]]*)\]/g)) {
    const segment = match[1] ?? '';
    if (current === null || typeof current !== 'object') return { found: false, value: undefined };
    current = (current as Record<string, unknown>)[segment];
  }
  return { found: current !== undefined, value: current };
}

const scalarText = (v: unknown): string | undefined => {
  if (v === null) return '';
  if (typeof v === 'boolean') return v ? '1' : '';
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  return undefined;
};

function substituteText(text: string, results: Results, encode: boolean): string {
  return text.replace(REF, (whole, kind: string, key: string, pathText: string) => {
    const ref = resolveRef(results, kind, key, pathText);
    const scalar = ref.found ? scalarText(ref.value) : undefined;
    if (scalar === undefined) return whole;
    return encode ? encodeURIComponent(scalar) : scalar;
  });
}

/** Substitutes refs in decoded values too (clients such as SDKs percent-encode the `$result[...]` text). */
function substituteValues(node: unknown, results: Results): unknown {
  if (typeof node === 'string') {
    const whole = /^\$(result|result_total|result_next)\[([^\]]+)\]((?:\[[^\]]*\])*)$/.exec(node);
    if (whole) {
      const ref = resolveRef(results, whole[1] ?? '', whole[2] ?? '', whole[3] ?? '');
      if (ref.found) return ref.value;
    }
    return substituteText(node, results, false);
  }
  if (Array.isArray(node)) return node.map((item) => substituteValues(item, results));
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, substituteValues(v, results)]));
  }
  return node;
}

function parseCommand(command: string, results: Results): { method: string; params: Params } {
  const withRefs = substituteText(command, results, true);
  const q = withRefs.indexOf('?');
  const method = methodName(q < 0 ? withRefs : withRefs.slice(0, q)).trim();
  const params = q < 0 ? {} : decodePhpForm(withRefs.slice(q + 1));
  return { method, params: substituteValues(params, results) as Params };
}

const isHalt = (halt: unknown): boolean =>
  halt === true || halt === 1 || halt === '1' || halt === 'true' || halt === 'Y';

export function createBatchHandler(call: SubCall): MethodHandler {
  return async (params, ctx) => {
    const parsed = batchParams.safeParse(params);
    if (!parsed.success)
      throw new Bitrix24ApiError('INVALID_ARG_VALUE', 'Parameter cmd must be an array of commands', 400);
    const cmd = parsed.data.cmd ?? [];
    const commands: Ordered = Array.isArray(cmd) ? cmd.map((c, i) => [String(i), c]) : Object.entries(cmd);
    const halt = isHalt(parsed.data.halt);
    const results: Results = { result: new Map(), result_total: new Map(), result_next: new Map() };
    const out = {
      result: [] as Ordered,
      error: [] as Ordered,
      total: [] as Ordered,
      next: [] as Ordered,
      time: [] as Ordered,
    };

    for (const [index, [key, command]] of commands.entries()) {
      if (index >= MAX_BATCH_LENGTH) {
        out.error.push([
          key,
          { error: 'ERROR_BATCH_LENGTH_EXCEEDED', error_description: 'Max batch length exceeded' },
        ]);
        continue;
      }
      if (typeof command !== 'string') {
        out.error.push([
          key,
          { error: 'INVALID_ARG_VALUE', error_description: 'A batch command must be a string' },
        ]);
        if (halt) break;
        continue;
      }
      const { method, params: subParams } = parseCommand(command, results);
      if (method.toLowerCase() === 'batch') {
        const refused = batchMethodNotAllowed();
        out.error.push([key, { error: refused.code, error_description: refused.description }]);
        if (halt) break;
        continue;
      }
      const outcome = await call(method, subParams, ctx);
      if (!outcome.ok) {
        out.error.push([key, { error: outcome.error.code, error_description: outcome.error.description }]);
        if (halt) break;
        continue;
      }
      const res = outcome.value;
      results.result.set(key, res.result);
      out.result.push([key, res.result]);
      if (res.kind === 'list' && res.total !== undefined) {
        results.result_total.set(key, res.total);
        out.total.push([key, res.total]);
      }
      if (res.kind === 'list' && res.next !== undefined) {
        results.result_next.set(key, res.next);
        out.next.push([key, res.next]);
      }
      const processing = outcome.finishedMs - outcome.startedMs;
      out.time.push([key, timeInfo(outcome.startedMs, outcome.finishedMs, processing, outcome.operating)]);
    }
    return value({
      result: phpArray(out.result),
      result_error: phpArray(out.error),
      result_total: phpArray(out.total),
      result_next: phpArray(out.next),
      result_time: phpArray(out.time),
    });
  };
}
