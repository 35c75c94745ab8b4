/**
 * The sandbox portal's local application («Локальное приложение», server-side, «uses only API»): what the
 * portal shows after it is added — the application code (`client_id`) and key (`client_secret`) — plus the
 * redirect URI and scopes entered in its form. Event methods (event.bind, event.offline.*) need this
 * application's OAuth token: a portal refuses them to an inbound webhook.
 */
export interface LocalApplication {
  /** `local.<14 hex>.<8 digits>`, the shape a portal gives local applications. */
  clientId: string;
  clientSecret: string;
  /** Where /oauth/authorize/ sends the user back with the code. */
  redirectUri: string;
  /** Comma-separated scopes granted to the application. */
  scope: string;
  /** Lifetime of an access token (the vendor's: one hour). */
  accessTokenTtlSeconds: number;
}

export const DEFAULT_LOCAL_APPLICATION: LocalApplication = {
  clientId: 'local.5a4db3c2e1f0a9.20260101',
  clientSecret: 'sandboxClientSecret0123456789abcdefghijklmnopqrst',
  redirectUri: 'http://127.0.0.1:3000/oauth/bitrix24',
  scope: 'crm,im,user,event',
  accessTokenTtlSeconds: 3600,
};
