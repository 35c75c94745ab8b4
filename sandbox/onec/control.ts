/**
 * Sandbox control endpoints (same Basic auth as OData, outside the OData root):
 * - `GET /__sandbox/faults` → current fault configuration; `PUT` replaces it (JSON, see `faults.ts`);
 *   `DELETE` clears it.
 * - `GET /__sandbox/notifications` → notifications sent by the emulated extension and their delivery state.
 */
import type { Reply } from './context';
import { CONTENT_TYPES } from './format';
import { faultConfigSchema, type Faults } from './faults';
import type { NotificationQueue } from './notify/queue';

const json = (status: number, value: unknown): Reply => ({
  status,
  headers: { 'Content-Type': CONTENT_TYPES.json },
  body: JSON.stringify(value),
});

export function handleControl(
  method: string,
  path: string,
  body: string,
  faults: Faults,
  queue: NotificationQueue,
): Reply {
  if (path === '/__sandbox/faults') {
    if (method === 'GET') return json(200, faults.get());
    if (method === 'DELETE') {
      faults.reset();
      return json(200, faults.get());
    }
    if (method === 'PUT') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        return json(400, { error: 'body is not JSON' });
      }
      const config = faultConfigSchema.safeParse(parsed);
      if (!config.success) return json(400, { error: config.error.issues });
      faults.set(config.data);
      return json(200, faults.get());
    }
    return json(405, { error: `method ${method} not allowed` });
  }
  if (path === '/__sandbox/notifications' && method === 'GET') return json(200, queue.list());
  return json(404, { error: 'unknown control endpoint' });
}
