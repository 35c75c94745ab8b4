/** Maps (resource, HTTP method) to a handler; any other verb is 405/`19` (§7.3). */
import type { Base, Reply, RequestContext } from './context';
import { faults } from './errors';
import { CONTENT_TYPES } from './format';
import { readCollection, readCount, readEntity, readNavigation } from './handlers/read';
import { runDocumentAction } from './handlers/post';
import { createEntity, deleteEntity, updateEntity } from './handlers/write';
import { metadataXml } from './metadata';
import type { Resource } from './router';
import { serviceDocumentJson, serviceDocumentXml } from './service-doc';

export function dispatch(base: Base, ctx: RequestContext, resource: Resource): Reply {
  const { method } = ctx;
  const only = (allowed: string) => {
    if (method !== allowed) throw faults.wrongMethod(method);
  };
  switch (resource.kind) {
    case 'service':
      only('GET');
      return ctx.format.kind === 'json'
        ? {
            status: 200,
            headers: { 'Content-Type': CONTENT_TYPES.json },
            body: serviceDocumentJson(ctx.root, ctx.format.metadata !== 'none'),
          }
        : {
            status: 200,
            headers: { 'Content-Type': 'application/atomsvc+xml;charset=utf-8' },
            body: serviceDocumentXml(ctx.root),
          };
    case 'metadata':
      only('GET');
      return { status: 200, headers: { 'Content-Type': CONTENT_TYPES.xml }, body: metadataXml() };
    case 'tabular':
      if (method === 'POST') throw faults.tabularRows();
      throw faults.unknownSet(resource.name);
    case 'set':
      if (method === 'GET') return readCollection(base, ctx, resource.set);
      if (method === 'POST') return createEntity(base, ctx, resource.set);
      throw faults.wrongMethod(method);
    case 'count':
      only('GET');
      return readCount(base, ctx, resource.set);
    case 'entity':
      if (method === 'GET') return readEntity(base, ctx, resource.set, resource.keyText);
      if (method === 'PATCH' || method === 'MERGE' || method === 'PUT') {
        return updateEntity(base, ctx, resource.set, resource.keyText);
      }
      if (method === 'DELETE') return deleteEntity(base, ctx, resource.set, resource.keyText);
      throw faults.wrongMethod(method);
    case 'nav':
      only('GET');
      return readNavigation(base, ctx, resource.set, resource.keyText, resource.nav);
    case 'action':
      only('POST');
      return runDocumentAction(base, ctx, resource.set, resource.keyText, resource.action);
  }
}
