/**
 * Options every workflow gives its activities. Every ordinary activity heartbeats (activities/heartbeat.ts,
 * every 5 s, sent at least every 10 s): when its worker dies, the server retries it after this timeout
 * instead of after its start-to-close timeout (up to 10 minutes, for calls that may wait for the portal's
 * rate limit). Not shorter: on a 2-core machine shared by several jobs, with a worker just restarted under
 * 400 open workflows, 30 s made about 20 live activities look lost in one chaos run — each such retry repeats
 * its call and spends the portal's budget twice.
 */
export const HEARTBEAT_TIMEOUT = '1 minute';
