/**
 * What an administrator reads in the Temporal UI instead of a bare workflow id: the request's phase in
 * words and a short description (title, client, 1C number, status). Personal data (phones, e-mails, INN)
 * stays out on purpose: user metadata is visible to everyone who can open the UI.
 */
import type { ValidationField } from './validation';

/** Phases of a request workflow; also the values of the `RequestPhase` search attribute. */
export const REQUEST_PHASES = [
  'validating',
  'awaiting-fix',
  'ensuring-counterparty',
  'creating-document',
  'syncing-status',
  'completed',
  'deleted',
  /** Its 1C document vanished and policy "cancel" closed it (workflows/vanished-document.ts). */
  'cancelled',
  /** Its Bitrix24 item id now names a newer item; the next run handles that one (workflows/replaced-item.ts). */
  'superseded',
  'failed',
] as const;
export type RequestPhase = (typeof REQUEST_PHASES)[number];

const PHASE_WORDS: Record<RequestPhase, string> = {
  validating: 'Проверяется',
  'awaiting-fix': 'Ждёт исправления менеджером',
  'ensuring-counterparty': 'Ищется или создаётся контрагент в 1С',
  'creating-document': 'Создаётся документ в 1С',
  'syncing-status': 'В работе: статусы синхронизируются',
  completed: 'Завершена',
  deleted: 'Удалена в Битрикс24',
  cancelled: 'Закрыта как отменённая: документ 1С удалён',
  superseded: 'Номер элемента занят новой заявкой',
  failed: 'Ошибка: нужен администратор',
};

const FIELD_WORDS: Record<ValidationField, string> = {
  description: 'описание',
  requestType: 'тип заявки',
  client: 'клиент',
  contact: 'телефон или e-mail клиента',
  inn: 'ИНН клиента',
};

export function phaseInWords(phase: RequestPhase): string {
  return PHASE_WORDS[phase];
}

export interface RequestView {
  itemId: number;
  phase: RequestPhase;
  title: string;
  clientName?: string;
  onecNumber?: string;
  status?: string;
  /** Fields the manager has to fix (names only: the messages quote client data). */
  problemFields: readonly ValidationField[];
}

/** One line for lists: «Не работает касса · ООО "Ромашка" · 1С 000000015». */
export function requestSummary(view: RequestView): string {
  const parts = [view.title ? `«${view.title}»` : `Заявка Битрикс24 №${view.itemId}`];
  if (view.clientName) parts.push(view.clientName);
  if (view.onecNumber) parts.push(`1С № ${view.onecNumber}`);
  return parts.join(' · ');
}

/** Markdown for Temporal's "current details": the summary, the state in words, what is being waited for. */
export function requestDetails(view: RequestView): string {
  const lines = [`**${requestSummary(view)}**`, '', `Состояние: ${phaseInWords(view.phase)}`];
  if (view.status) lines.push(`Статус 1С: ${view.status}`);
  if (view.phase === 'awaiting-fix' && view.problemFields.length > 0) {
    const fields = [...new Set(view.problemFields)].map((f) => FIELD_WORDS[f]);
    lines.push(`Нужно исправить: ${fields.join(', ')}`);
  }
  lines.push(`Элемент Битрикс24: ${view.itemId}`);
  return lines.join('\n');
}
