/**
 * The one error type the query layer throws. `code` is 1C's internal OData error code (a string, as it
 * appears in `odata.error.code`); the server turns it into the JSON/XML error body.
 */
export class ODataError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ODataError';
  }
}

/** 1C answers every syntax problem in `$filter` with this exact text [B 1.128]. */
export const FILTER_PARSE_MESSAGE = 'Error parsing $filter query option';

export function parseError(option = '$filter'): ODataError {
  return new ODataError(400, '14', `Error parsing ${option} query option`);
}

/** Code 21: unimplemented function, wrong arity, wrong argument type, unimplemented lambda [D 17.4.10]. */
export function functionError(detail: string): ODataError {
  return new ODataError(400, '21', detail);
}

export function propertyNotFound(name: string): ODataError {
  return new ODataError(400, '10', `Requested property "${name}" is not found`);
}
