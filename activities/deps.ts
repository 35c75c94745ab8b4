/** What every activity needs: the two API clients and the bits of configuration about field names. */
import type { Bitrix24Client } from './bitrix24/client';
import type { OneCClient } from './onec/client';
import type { StatusCatalog } from './status-catalog';

export interface BitrixFields {
  description: string;
  requestType: string;
  onecNumber: string;
  onecRef: string;
}

export interface ActivityDeps {
  bitrix: Bitrix24Client;
  onec: OneCClient;
  entityTypeId: number;
  fields: BitrixFields;
  statuses: StatusCatalog;
}
