/**
 * The 1C catalog «СтатусыЗаявок», loaded once per worker process and refreshed on a miss: statuses are
 * named by `PredefinedDataName` in the workflows (stable across renames), but written as `Ref_Key`.
 */
import type { OneCClient } from './onec/client';
import { listStatuses, type RequestStatus } from './onec/statuses';

export class StatusCatalog {
  private cache: RequestStatus[] | undefined;

  constructor(private readonly onec: OneCClient) {}

  async refByName(name: string): Promise<string> {
    const status = await this.find((s) => s.predefinedName === name);
    if (!status)
      throw new Error(`1C has no status with PredefinedDataName «${name}» in Catalog_СтатусыЗаявок`);
    return status.ref;
  }

  async nameByRef(ref: string): Promise<string> {
    const status = await this.find((s) => s.ref === ref);
    if (!status) throw new Error(`unknown 1C status ${ref} (not in Catalog_СтатусыЗаявок)`);
    return status.predefinedName || status.name;
  }

  private async find(match: (s: RequestStatus) => boolean): Promise<RequestStatus | undefined> {
    const cached = this.cache?.find(match);
    if (cached) return cached;
    this.cache = await listStatuses(this.onec);
    return this.cache.find(match);
  }
}
