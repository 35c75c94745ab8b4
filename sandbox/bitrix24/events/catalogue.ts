/**
 * Events the sandbox portal knows. `event.bind` rejects anything else with ERROR_EVENT_NOT_FOUND, as a portal
 * does for events outside the application's scopes. Names are stored upper-case, as Bitrix24 stores them.
 */
const crmEntities = [
  'DYNAMICITEM',
  'COMPANY',
  'CONTACT',
  'ACTIVITY',
  'TIMELINECOMMENT',
  'REQUISITE',
  'LEAD',
  'DEAL',
];
const crmEvents = crmEntities.flatMap((entity) =>
  ['ADD', 'UPDATE', 'DELETE'].map((op) => `ONCRM${entity}${op}`),
);

/** Events that cannot be queued offline (the portal answers ERROR_ARGUMENT). */
const onlineOnly = new Set(['ONOFFLINEEVENT']);

/** Addresses have no id; the docs give register (add) and unregister (delete) events only. */
const addressEvents = ['ONCRMADDRESSREGISTER', 'ONCRMADDRESSUNREGISTER'];

const known = new Set([...crmEvents, ...addressEvents, 'ONOFFLINEEVENT', 'ONAPPUNINSTALL', 'ONUSERADD']);

export function isKnownEvent(upperName: string): boolean {
  return known.has(upperName);
}

export function allowsOffline(upperName: string): boolean {
  return !onlineOnly.has(upperName);
}
