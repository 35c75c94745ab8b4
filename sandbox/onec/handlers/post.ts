/**
 * Document actions `Post`/`Post()`/`Unpost` (§5.4). Posting runs the fill check of `Заявка`
 * (Контрагент and Статус filled, not marked for deletion); a failure is 500/`-1` and leaves the document as is.
 */
import type { Base, Reply, RequestContext } from '../context';
import { faults } from '../errors';
import { EMPTY_GUID, type EntitySetDef } from '../model';
import { emptyReply } from '../reply';
import type { Row } from '../values';
import { findEntity } from './lookup';

function presentation(row: Row): string {
  const [date = '', time = ''] = String(row.Date).split('T');
  const [y, m, d] = date.split('-');
  return `Заявка ${String(row.Number)} от ${d}.${m}.${y} ${time}`;
}

function postingProblems(row: Row): string[] {
  const problems: string[] = [];
  if (row.DeletionMark === true) problems.push('Документ помечен на удаление');
  if (!row.Контрагент_Key || row.Контрагент_Key === EMPTY_GUID)
    problems.push('Поле "Контрагент" не заполнено');
  if (!row.Статус_Key || row.Статус_Key === EMPTY_GUID) problems.push('Поле "Статус" не заполнено');
  return problems;
}

export function runDocumentAction(
  base: Base,
  ctx: RequestContext,
  set: EntitySetDef,
  keyText: string,
  action: 'Post' | 'Unpost',
): Reply {
  const row = findEntity(base, set, keyText);
  if (action === 'Post') {
    const problems = postingProblems(row);
    if (problems.length > 0) {
      throw faults.business(`${problems.join('\n')}\nНе удалось провести "${presentation(row)}"!`);
    }
    const posted = { ...row, Posted: true, DataVersion: base.store.nextDataVersion() };
    base.store.put(set.name, posted);
    // The extension's write subscription fires on posting too (posting writes the document).
    if (set.name === 'Document_Заявка') base.notifier.documentWritten(row, posted, ctx.dataLoadMode);
  } else if (row.Posted === true) {
    base.store.put(set.name, { ...row, Posted: false, DataVersion: base.store.nextDataVersion() });
  }
  return emptyReply(200);
}
