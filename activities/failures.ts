/**
 * Turns client errors into Temporal failures: what the clients classify as not retryable (bad credentials,
 * data the API rejected, an unpublished 1C object) fails the activity at once with the client's message,
 * so an administrator sees the reason in the Temporal UI instead of an endless retry.
 */
import { ApplicationFailure } from '@temporalio/common';
import { Bitrix24Error } from './bitrix24/errors';
import { DOCUMENT_GONE_FAILURE } from '../domain/vanished-document';
import { OneCDocumentGone, OneCError } from './onec/errors';

export function asActivityFailure(err: unknown): unknown {
  if (err instanceof OneCDocumentGone) {
    // `details` carries how it vanished, for the history row and the manager's message.
    return ApplicationFailure.create({
      message: err.message,
      type: DOCUMENT_GONE_FAILURE,
      nonRetryable: true,
      details: [err.how],
      cause: err,
    });
  }
  if (err instanceof Bitrix24Error || err instanceof OneCError) {
    const type =
      err instanceof Bitrix24Error
        ? `Bitrix24Error:${err.code}`
        : `OneCError:${err.code ?? err.httpStatus ?? 'network'}`;
    return ApplicationFailure.create({
      message: err.message,
      type,
      nonRetryable: !err.retryable,
      cause: err,
    });
  }
  return err;
}

/** Wraps every function of an activity object with `asActivityFailure`. */
export function withFailureMapping<T extends object>(activities: T): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(activities)) {
    wrapped[name] =
      typeof fn === 'function'
        ? async (...args: unknown[]) => {
            try {
              return await fn(...args);
            } catch (err) {
              throw asActivityFailure(err);
            }
          }
        : fn;
  }
  return wrapped as T;
}
