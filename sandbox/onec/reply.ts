/** Builders of complete replies in the negotiated representation. */
import type { Reply, RequestContext } from './context';
import { CONTENT_TYPES } from './format';
import { errorJson, errorXml, type ErrorLike } from './errors';
import type { EntitySetDef } from './model';
import type { Wire } from './projection';
import { singleEntryXml } from './serialize-atom';
import { entityJson } from './serialize-json';
import type { Row } from './values';

export function entityReply(
  ctx: RequestContext,
  set: EntitySetDef,
  row: Row,
  wire: Wire,
  status = 200,
): Reply {
  if (ctx.format.kind === 'json') {
    return {
      status,
      headers: { 'Content-Type': CONTENT_TYPES.json },
      body: entityJson(set, row, wire, ctx.format, ctx.root),
    };
  }
  return {
    status,
    headers: { 'Content-Type': CONTENT_TYPES.entry },
    body: singleEntryXml(set, row, wire, ctx.root),
  };
}

export function emptyReply(status: number): Reply {
  return { status, headers: {}, body: '' };
}

export function errorReply(json: boolean, e: ErrorLike): Reply {
  return json
    ? { status: e.httpStatus, headers: { 'Content-Type': CONTENT_TYPES.json }, body: errorJson(e) }
    : { status: e.httpStatus, headers: { 'Content-Type': CONTENT_TYPES.xml }, body: errorXml(e) };
}
