/**
 * The JSON envelopes Bitrix24 wraps every answer in, and writing them to the wire.
 * Success: `{result, next?, total?, time}`; failure: `{error, error_description}` with the documented status.
 */
import type { ServerResponse } from 'node:http';
import { formatPortalDate } from './dates';

export interface TimeInfo {
  start: number;
  finish: number;
  duration: number;
  processing: number;
  date_start: string;
  date_finish: string;
  operating_reset_at: number;
  operating: number;
}

export interface Operating {
  operating: number;
  operatingResetAt: number;
}

/** Builds `time` from wall-clock milliseconds of request start/end and of the method's own processing. */
export function timeInfo(
  startedMs: number,
  finishedMs: number,
  processingMs: number,
  op: Operating,
): TimeInfo {
  return {
    start: startedMs / 1000,
    finish: finishedMs / 1000,
    duration: (finishedMs - startedMs) / 1000,
    processing: processingMs / 1000,
    date_start: formatPortalDate(new Date(startedMs)),
    date_finish: formatPortalDate(new Date(finishedMs)),
    operating_reset_at: op.operatingResetAt,
    operating: op.operating,
  };
}

/** Wall clock with sub-millisecond precision, so `time.start`/`finish` carry microseconds like real answers. */
export const preciseNowMs = (): number => performance.timeOrigin + performance.now();

export interface SuccessEnvelope {
  result: unknown;
  next?: number;
  total?: number;
  time: TimeInfo;
}

export interface ErrorEnvelope {
  error: string;
  error_description: string;
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  extraHeaders?: Record<string, string>,
): void {
  if (res.headersSent || res.writableEnded) return;
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(payload),
    ...extraHeaders,
  });
  res.end(payload);
}

export function sendError(
  res: ServerResponse,
  status: number,
  error: string,
  description: string,
  extraHeaders?: Record<string, string>,
): void {
  const body: ErrorEnvelope = { error, error_description: description };
  sendJson(res, status, body, extraHeaders);
}
