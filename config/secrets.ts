/**
 * The configured values that must never be printed. The logger and the error paths mask them (see
 * domain/redaction.ts); a new secret in the configuration is one more line here.
 */
import type { IntegrationConfig } from './schema';

/** The token segment of an inbound webhook URL, https://<portal>/rest/<user>/<token>/. */
function webhookToken(webhookUrl: string): string | undefined {
  return /\/rest\/\d+\/([^/?#]+)/.exec(webhookUrl)?.[1];
}

export function secretValues(config: IntegrationConfig): string[] {
  return [
    webhookToken(config.bitrix24.webhookUrl),
    config.bitrix24.applicationToken,
    config.bitrix24.oauth?.clientSecret,
    config.bitrix24.oauth?.refreshToken,
    config.onec.password,
    config.onec.notifySecret,
    config.temporal.apiKey,
    ...Object.values(config.codec.keys),
    ...config.codec.server.tokens,
  ].filter((value): value is string => typeof value === 'string' && value !== '');
}
