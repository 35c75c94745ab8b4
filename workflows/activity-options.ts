/**
 * Options every workflow gives its activities. Every ordinary activity heartbeats (activities/heartbeat.ts,
 * every 5 s, sent at least every 10 s): when its worker dies, the server retries it after this timeout
 * instead of after its start-to-close timeout (minutes, for calls that may wait for the portal's rate limit).
 */
export const HEARTBEAT_TIMEOUT = '30 seconds';
