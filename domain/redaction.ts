/**
 * Masking secrets in text the project prints (log lines, error messages). Two layers:
 *  - shapes that are secret wherever they appear, whatever their value: the token of a Bitrix24 inbound
 *    webhook (`/rest/<user>/<token>/`), the password in `scheme://user:password@host`, the value of an
 *    Authorization header;
 *  - the configured secret values themselves (see config/secrets.ts), also in their JSON- and URL-encoded
 *    forms, since a log line is JSON and a secret may travel inside a URL.
 */

export const MASK = '***';

/** `/rest/<user id>/<token>` — the token is the webhook's password. OAuth paths (`/rest/<method>`) have no digits. */
const WEBHOOK_TOKEN = /(\/rest\/\d+\/)[^/\s?#"'\\<>]+(?=[/\s?#"'\\<>]|$)/g;
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:)[^/\s@]+@/gi;
const AUTHORIZATION =
  /(\bauthorization\\?["']?\s*[:=]\s*\\?["']?)(?:(basic|bearer|digest)\s+)?[^\s"'\\,;}]+/gi;

/** Masks the secret shapes that need no configuration to be recognised. */
export function maskSecretShapes(text: string): string {
  return text
    .replace(WEBHOOK_TOKEN, `$1${MASK}`)
    .replace(URL_PASSWORD, `$1${MASK}@`)
    .replace(AUTHORIZATION, (_whole, prefix: string, scheme: string | undefined) =>
      scheme ? `${prefix}${scheme} ${MASK}` : `${prefix}${MASK}`,
    );
}

/**
 * Shorter values would mask ordinary words wherever they occur (the sandbox's 1C password `odata` would blank
 * every OData URL). Where a password actually travels — an Authorization header, `user:password@` in a
 * URL — it is masked by shape whatever its length.
 */
export const MIN_SECRET_LENGTH = 6;

function encodings(secret: string): string[] {
  const forms = new Set([secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)]);
  return [...forms];
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export class Redactor {
  private pattern: RegExp | undefined;
  private readonly secrets = new Set<string>();

  constructor(secrets: Iterable<string | undefined> = []) {
    this.add(secrets);
  }

  /** Adds secret values (empty and very short ones are ignored, see MIN_SECRET_LENGTH). */
  add(secrets: Iterable<string | undefined>): void {
    for (const secret of secrets) {
      if (secret === undefined || secret.length < MIN_SECRET_LENGTH) continue;
      for (const form of encodings(secret)) this.secrets.add(form);
    }
    // Longest first, so a secret that contains another one is masked whole.
    const alternatives = [...this.secrets].sort((a, b) => b.length - a.length).map(escapeRegExp);
    this.pattern = alternatives.length > 0 ? new RegExp(alternatives.join('|'), 'g') : undefined;
  }

  redact(text: string): string {
    const shaped = maskSecretShapes(text);
    return this.pattern ? shaped.replace(this.pattern, MASK) : shaped;
  }
}
