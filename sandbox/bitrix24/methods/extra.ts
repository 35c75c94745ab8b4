/**
 * Methods contributed by the events/timeline/activity/notify/users modules; methods/index.ts merges this
 * map into the registry: outbound-event bindings and the offline queue, timeline comments, activities,
 * notifications and users.
 */
import { activityMethods } from './activity';
import { eventMethods } from './events';
import { notifyMethods } from './notify';
import { timelineMethods } from './timeline';
import type { MethodHandler } from './types';
import { userMethods } from './users';

export const extraMethods: Record<string, MethodHandler> = {
  ...eventMethods,
  ...timelineMethods,
  ...activityMethods,
  ...notifyMethods,
  ...userMethods,
};
