/**
 * Reading an inbound REST call's parameters: query string plus a JSON or form-encoded body, merged into one
 * nested object the way Bitrix24 merges $_GET and $_POST (body wins on conflicts).
 */
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { decodePhpForm } from '../../domain/php-form';
import { Bitrix24ApiError, type Params } from './methods/types';

export const DEFAULT_BODY_LIMIT = 10 * 1024 * 1024;

export class BodyTooLargeError extends Error {}

/**
 * Collects the body up to `limit` bytes. Past the limit the rest is drained and discarded (so the client is not
 * left blocked writing) and the promise rejects with BodyTooLargeError once the upload ends.
 */
export function readRequestBody(req: IncomingMessage, limit = DEFAULT_BODY_LIMIT): Promise<Buffer> {
  // The stream can be read once; the fault controller may have looked at a batch's commands already.
  const read = bodies.get(req) ?? collectBody(req, limit);
  bodies.set(req, read);
  return read;
}

const bodies = new WeakMap<IncomingMessage, Promise<Buffer>>();

function collectBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    let tooLarge = Number.isFinite(declared) && declared > limit;
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      if (tooLarge) return;
      size += chunk.length;
      if (size > limit) {
        tooLarge = true;
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => (tooLarge ? reject(new BodyTooLargeError()) : resolve(Buffer.concat(chunks))));
    req.on('error', reject);
    req.on('aborted', () => reject(new Error('request aborted')));
  });
}

const jsonObject = z.record(z.unknown());

/** Parses the body by content type. Unknown content types are read as form data, as PHP would for POST. */
export function parseBody(contentType: string | undefined, body: Buffer): Params {
  const text = body.toString('utf8');
  if (text.trim() === '') return {};
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'application/json') {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      throw new Bitrix24ApiError('INVALID_REQUEST', 'Invalid JSON in the request body', 400);
    }
    const parsed = jsonObject.safeParse(raw);
    if (!parsed.success || Array.isArray(raw)) {
      throw new Bitrix24ApiError('INVALID_REQUEST', 'The JSON request body must be an object', 400);
    }
    return parsed.data;
  }
  if (type === 'multipart/form-data') {
    throw new Bitrix24ApiError('INVALID_REQUEST', 'multipart/form-data is not supported by the sandbox', 400);
  }
  return decodePhpForm(text);
}

export function parseQuery(search: string): Params {
  return decodePhpForm(search.startsWith('?') ? search.slice(1) : search);
}
