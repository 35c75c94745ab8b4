/**
 * OData errors as 1C renders them (§7): a string `code` holding the 1C internal code, `lang` "ru", free text.
 * Handlers throw `ODataFault`; the query layer throws its own `ODataError` with the same three fields, so
 * rendering accepts either by shape.
 */
import { xmlEscape } from './xml';

export class ODataFault extends Error {
  constructor(
    readonly httpStatus: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ODataFault';
  }
}

export interface ErrorLike {
  httpStatus: number;
  code: string;
  message: string;
}

export function asErrorLike(e: unknown): ErrorLike | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const r = e as Record<string, unknown>;
  const status = r.httpStatus ?? r.status;
  if (typeof status !== 'number' || (typeof r.code !== 'string' && typeof r.code !== 'number'))
    return undefined;
  return {
    httpStatus: status,
    code: String(r.code),
    message: typeof r.message === 'string' ? r.message : '',
  };
}

export const INTERNAL_ERROR_TEXT =
  'Произошла внутренняя ошибка OData сервиса. Дополнительные сведения можно найти в технологическом журнале.';

export const faults = {
  internal: () => new ODataFault(500, '-1', INTERNAL_ERROR_TEXT),
  unknownSet: (name: string) => new ODataFault(404, '8', `"${name}" entity is not found`),
  notFound: () => new ODataFault(404, '9', 'Entity instance not found'),
  wrongMethod: (method: string) =>
    new ODataFault(405, '19', `HTTP-метод ${method} запрещен в данном контексте`),
  duplicateKey: () => new ODataFault(400, '15', 'Сущность с таким ключом уже существует'),
  tabularRows: () => new ODataFault(400, '13', 'Cоздание строк табличной части напрямую не поддерживается'),
  wrongValue: (prop: string) => new ODataFault(400, '4', `Неверное значение свойства "${prop}"`),
  missingValue: (prop: string) =>
    new ODataFault(400, '5', `Не указано обязательное значение свойства "${prop}"`),
  badUrl: () => new ODataFault(400, '6', 'Метод не найден'),
  versionMismatch: () =>
    new ODataFault(412, '0', 'Версия данных объекта не совпадает с версией, указанной в заголовке If-Match'),
  rights: () => new ODataFault(401, '20', 'Нарушение прав доступа!'),
  business: (text: string) => new ODataFault(500, '-1', text),
  unsupported: (text: string) => new ODataFault(400, '0', text),
  representation: () => new ODataFault(400, '3', 'Запрошенное представление не поддерживается'),
};

export function errorJson(e: ErrorLike): string {
  return JSON.stringify({ 'odata.error': { code: e.code, message: { lang: 'ru', value: e.message } } });
}

export function errorXml(e: ErrorLike): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<m:error xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata">' +
    `<m:code>${xmlEscape(e.code)}</m:code><m:message xml:lang="ru">${xmlEscape(e.message)}</m:message></m:error>`
  );
}
