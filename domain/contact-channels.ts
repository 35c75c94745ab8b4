/**
 * Phone and e-mail normalisation. 1C stores one canonical form (`+79161234567`, `info@romashka.ru`) and
 * the counterparty search compares with `eq`, so every value we write or search for must go through here;
 * two spellings of the same number would otherwise create a duplicate counterparty.
 */

/** E.164 allows at most 15 digits; shorter than 8 is never a reachable international number. */
const MIN_INTERNATIONAL_DIGITS = 8;
const MAX_INTERNATIONAL_DIGITS = 15;
/** Only separators people actually type; letters (e.g. «доб. 12») make the value ambiguous. */
const PHONE_SEPARATORS = /[\s()\-.\u00a0]/g;
/** 1C `Email` is Строка(100); RFC 5321 caps the address at 254 anyway. */
const MAX_EMAIL_LENGTH = 100;

/**
 * Russian numbers in any usual spelling (`8 (916) 123-45-67`, `+7 916 1234567`, `9161234567`) become
 * `+79161234567`; other international numbers written with `+` or `00` keep their digits (`+4930123456`).
 * Returns null for anything that is not clearly one phone number.
 */
export function normalisePhone(raw: string): string | null {
  const compact = raw.trim().replace(PHONE_SEPARATORS, '');
  if (compact === '') return null;
  let international: string | null = null;
  if (/^\+\d+$/.test(compact)) international = compact.slice(1);
  else if (/^00\d+$/.test(compact)) international = compact.slice(2);
  if (international !== null) {
    // +7 is shared by Russia (3xx, 4xx, 8xx, 9xx) and Kazakhstan (6xx, 7xx); 0, 1, 2, 5 are unassigned.
    if (international.startsWith('7'))
      return /^7[346789]\d{9}$/.test(international) ? `+${international}` : null;
    const ok =
      international.length >= MIN_INTERNATIONAL_DIGITS && international.length <= MAX_INTERNATIONAL_DIGITS;
    return ok ? `+${international}` : null;
  }
  if (!/^\d+$/.test(compact)) return null;
  // Domestic spelling: trunk prefix 8 (or a forgotten '+' before 7), or the bare 10-digit number.
  const national = compact.length === 11 && /^[78]/.test(compact) ? compact.slice(1) : compact;
  // Russian national numbers are 10 digits and start with 3, 4, 8 or 9 (geographic, toll-free, mobile).
  if (/^[3489]\d{9}$/.test(national)) return `+7${national}`;
  return null;
}

/** Trimmed, lower-cased address with one `@`, a dotted domain and no blanks; null otherwise. */
export function normaliseEmail(raw: string): string | null {
  const email = raw.trim().toLowerCase();
  if (email.length === 0 || email.length > MAX_EMAIL_LENGTH) return null;
  const match = /^([^\s@]+)@([^\s@]+)$/.exec(email);
  if (!match) return null;
  const local = match[1] ?? '';
  const domain = match[2] ?? '';
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) return null;
  const labels = domain.split('.');
  if (labels.length < 2) return null;
  const labelOk = (label: string): boolean => /^[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?$/u.test(label);
  return labels.every(labelOk) ? email : null;
}

/** Distinct valid phones of a client, in the order Bitrix24 lists them. */
export function validPhones(raws: readonly string[]): string[] {
  return distinct(raws.map(normalisePhone));
}

/** Distinct valid e-mails of a client, in the order Bitrix24 lists them. */
export function validEmails(raws: readonly string[]): string[] {
  return distinct(raws.map(normaliseEmail));
}

function distinct(values: Array<string | null>): string[] {
  return [...new Set(values.filter((v): v is string => v !== null))];
}
