/** POST (create), PATCH/PUT (update) and DELETE of catalog items, documents and register records (§5). */
import type { Base, Reply, RequestContext } from '../context';
import { faults } from '../errors';
import { newGuidV1 } from '../guid';
import { EMPTY_DATE, type EntitySetDef } from '../model';
import { localDateTime } from '../notify/event';
import { encodeLocationPath, entityPath } from '../paths';
import { plainWire } from '../projection';
import { emptyReply, entityReply } from '../reply';
import { coerceValue, defaultValue, type Row } from '../values';
import { parseBody, writableValues } from './body';
import { findEntity } from './lookup';

function afterWrite(
  base: Base,
  ctx: RequestContext,
  set: EntitySetDef,
  before: Row | undefined,
  after: Row,
): void {
  if (set.name === 'Document_Заявка') base.notifier.documentWritten(before, after, ctx.dataLoadMode);
  if (set.name === 'InformationRegister_ИсторияВзаимодействий' && before === undefined)
    base.notifier.historyRowAdded(after, ctx.dataLoadMode);
  if (set.name === 'Catalog_Контрагенты') base.notifier.counterpartyWritten(after, ctx.dataLoadMode);
}

export function createEntity(base: Base, ctx: RequestContext, set: EntitySetDef): Reply {
  const body = parseBody(ctx.body);
  const row: Row = {};
  for (const p of set.properties) row[p.name] = defaultValue(p.type);
  Object.assign(row, writableValues(set, body, ['Ref_Key']));
  if (set.kind === 'register') {
    if (!row.Period || row.Period === EMPTY_DATE) throw faults.missingValue('Period');
  } else {
    const supplied = body.Ref_Key;
    row.Ref_Key =
      supplied === undefined || supplied === null
        ? newGuidV1()
        : coerceValue({ name: 'Ref_Key', type: 'Edm.Guid' }, supplied);
    if (set.kind === 'document') {
      if (row.Date === EMPTY_DATE) row.Date = localDateTime(new Date(), base.timeZone);
      if (row.Number === '') row.Number = base.store.nextNumber(set, String(row.Date));
      row.Posted = false;
    } else if (row.Code === '') row.Code = base.store.nextNumber(set);
  }
  if (base.store.has(set.name, base.store.keyOf(set, row))) throw faults.duplicateKey();
  if (set.kind !== 'register') row.DataVersion = base.store.nextDataVersion();
  base.store.put(set.name, row);
  afterWrite(base, ctx, set, undefined, row);
  const reply = entityReply(ctx, set, row, plainWire(set, row), 201);
  reply.headers.Location = ctx.root + encodeLocationPath(entityPath(set, row));
  return reply;
}

/** §6: `If-Match` other than the current `DataVersion` (or `*`) → 412, nothing written (switchable). */
function checkIfMatch(base: Base, ctx: RequestContext, row: Row): void {
  const header = ctx.headers['if-match'];
  if (header === undefined || base.ignoreIfMatch || row.DataVersion === undefined) return;
  const tags = header.split(',').map((t) =>
    t
      .trim()
      .replace(/^W\//, '')
      .replace(/^"(.*)"$/, '$1'),
  );
  if (!tags.includes('*') && !tags.includes(String(row.DataVersion))) throw faults.versionMismatch();
}

export function updateEntity(base: Base, ctx: RequestContext, set: EntitySetDef, keyText: string): Reply {
  const before = findEntity(base, set, keyText);
  checkIfMatch(base, ctx, before);
  const body = parseBody(ctx.body);
  const changes = writableValues(set, body, set.keys);
  const after: Row = { ...before };
  if (ctx.method === 'PUT') {
    // PUT replaces the object: whatever the body omits returns to its default, except the number/code.
    for (const p of set.properties) {
      if (p.readOnly || set.keys.includes(p.name) || p.name === 'Number' || p.name === 'Code') continue;
      after[p.name] = defaultValue(p.type);
    }
  }
  Object.assign(after, changes);
  // §5.3 convention: marking a posted document for deletion unposts it, as УстановитьПометкуУдаления does.
  if (set.kind === 'document' && after.DeletionMark === true && before.DeletionMark !== true)
    after.Posted = false;
  if (set.kind !== 'register') after.DataVersion = base.store.nextDataVersion();
  base.store.put(set.name, after);
  afterWrite(base, ctx, set, before, after);
  return entityReply(ctx, set, after, plainWire(set, after));
}

export function deleteEntity(base: Base, ctx: RequestContext, set: EntitySetDef, keyText: string): Reply {
  const row = findEntity(base, set, keyText);
  checkIfMatch(base, ctx, row);
  base.store.delete(set.name, base.store.keyOf(set, row));
  return emptyReply(204);
}
