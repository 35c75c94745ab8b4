/** Reading one command's answer out of a `batch` outcome, with the same parsing and errors as a single call. */
import type { BatchOutcome, Schema } from './client';
import { Bitrix24Error } from './errors';

/** The parsed result of command `key`; a failed command throws its Bitrix24Error as a single call would. */
export function commandResult<T>(outcome: BatchOutcome, key: string, method: string, schema: Schema<T>): T {
  const failure = outcome.errors[key];
  if (failure) {
    throw Bitrix24Error.fromEnvelope(method, 200, failure.error, failure.error_description);
  }
  if (!(key in outcome.result)) {
    throw new Bitrix24Error({
      code: 'UNEXPECTED_RESULT',
      description: `batch answer has neither a result nor an error for command ${key}`,
      httpStatus: 200,
      method,
      retryable: false,
    });
  }
  const parsed = schema.safeParse(outcome.result[key]);
  if (parsed.success) return parsed.data;
  throw new Bitrix24Error({
    code: 'UNEXPECTED_RESULT',
    description: `result of ${key} does not have the documented shape: ${parsed.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.join('.') || '(root)'} ${issue.message}`)
      .join('; ')}`,
    httpStatus: 200,
    method,
    retryable: false,
  });
}
