/** What every OData handler receives (the parsed request plus the base) and returns (a complete reply). */
import type { IncomingHttpHeaders } from 'node:http';
import type { SystemOptions } from './query';
import type { ResponseFormat } from './format';
import type { StatusNotifier } from './notify/notifier';
import type { OneCStore } from './store';

export interface Base {
  store: OneCStore;
  notifier: StatusNotifier;
  /** Switchable compat behaviour (§6, §4.4). */
  ignoreIfMatch: boolean;
  inlinecountHonorsTop: boolean;
  /** IANA zone of the base's naive local dates (default `Europe/Moscow`). */
  timeZone: string;
}

export interface RequestContext {
  method: string;
  /** Service root with trailing slash, e.g. `http://127.0.0.1:8101/zayavki/odata/standard.odata/`. */
  root: string;
  options: SystemOptions;
  format: ResponseFormat;
  headers: IncomingHttpHeaders;
  body: string;
  /** `1C_OData-DataLoadMode: true` (§5.5): write as `ОбменДанными.Загрузка`. */
  dataLoadMode: boolean;
}

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}
