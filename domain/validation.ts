/**
 * Can this request go to 1C? The answer lists *every* problem at once, because each round-trip through the
 * manager ("fix the description" … then "now add a phone") costs a day in practice.
 */
import { validEmails, validPhones } from './contact-channels';
import { cleanInn, isValidInn } from './inn';
import type { RequestSnapshot, RequestType } from './request';

export type ValidationField = 'description' | 'contact' | 'requestType' | 'inn' | 'client';

export interface ValidationProblem {
  field: ValidationField;
  /** Russian, addressed to the manager, says what to do. */
  message: string;
}

export interface ValidationRules {
  /** Bitrix24 enumeration item id (as text) → 1C request type; from config `mapping.requestTypes`. */
  requestTypes: Record<string, RequestType>;
  /** Check the INN checksum when an INN is given; from config `validation.checkInn` (default true). */
  checkInn?: boolean;
}

export type ValidationResult =
  { ok: true; requestType: RequestType } | { ok: false; problems: ValidationProblem[] };

export function validateRequest(req: RequestSnapshot, rules: ValidationRules): ValidationResult {
  const problems: ValidationProblem[] = [];

  if (req.description.trim() === '') {
    problems.push({ field: 'description', message: 'Заполните описание заявки: что нужно клиенту.' });
  }

  const typeId = req.requestTypeId?.trim() ?? '';
  const requestType = typeId === '' ? undefined : rules.requestTypes[typeId];
  if (typeId === '') {
    problems.push({ field: 'requestType', message: 'Выберите тип заявки.' });
  } else if (requestType === undefined) {
    problems.push({
      field: 'requestType',
      message: `Тип заявки (значение ${typeId}) не сопоставлен с типом в 1С — выберите другой тип или сообщите администратору интеграции.`,
    });
  }

  const client = req.client;
  if (req.missingClient) {
    const { kind, id } = req.missingClient;
    const missing =
      kind === 'company'
        ? `Компания № ${id}, указанная в заявке, не найдена в Битрикс24 (удалена?).`
        : `Контакт № ${id}, указанный в заявке, не найден в Битрикс24 (удалён?).`;
    problems.push({
      field: 'client',
      message: `${missing} Привяжите к заявке существующую компанию или контакт.`,
    });
  } else if (client === null) {
    problems.push({ field: 'client', message: 'Привяжите к заявке клиента: компанию или контакт.' });
  } else {
    if (validPhones(client.phones).length === 0 && validEmails(client.emails).length === 0) {
      problems.push({
        field: 'contact',
        message: `Укажите у клиента «${client.name}» телефон или e-mail (сейчас нет ни одного корректного).`,
      });
    }
    const inn = cleanInn(client.inn);
    if ((rules.checkInn ?? true) && inn !== null && !isValidInn(inn)) {
      problems.push({
        field: 'inn',
        message: `Проверьте ИНН клиента «${client.name}»: «${inn}» некорректен (нужно 10 цифр для организации или 12 для ИП и физического лица, с верными контрольными цифрами).`,
      });
    }
  }

  if (problems.length > 0 || requestType === undefined) return { ok: false, problems };
  return { ok: true, requestType };
}

/**
 * Text for the Bitrix24 notification and timeline comment. Square brackets in user-entered text are
 * replaced so a title like "[b]…" cannot break the BB-code markup around it.
 */
export function formatProblemsForManager(
  req: Pick<RequestSnapshot, 'itemId' | 'title'>,
  problems: readonly ValidationProblem[],
): string {
  const title = neutraliseBbCode(req.title.trim() || 'без названия');
  const lines = problems.map((p, i) => `${i + 1}. ${neutraliseBbCode(p.message)}`);
  return [
    `[b]Заявка «${title}» (№ ${req.itemId}) не передана в 1С[/b]`,
    'Исправьте в карточке заявки:',
    ...lines,
    'После исправления заявка будет передана в 1С автоматически.',
  ].join('\n');
}

function neutraliseBbCode(text: string): string {
  return text.replace(/\[/g, '(').replace(/\]/g, ')');
}
