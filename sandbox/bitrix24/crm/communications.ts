/**
 * Normalising phones and emails the way the CRM duplicate index compares them: phones by their digits
 * (extension dropped; Russian numbers folded so 8 916…, +7 916… and a bare 10-digit 916… are the same),
 * emails trimmed and case-insensitive.
 */
export function normalizePhone(raw: string): string {
  // "доб."/"ext"/"#" start an extension, which the duplicate search ignores.
  const main = raw.split(/(?:доб\.?|ext\.?|x|#|,)/i)[0] ?? '';
  let digits = main.replace(/\D/g, '');
  if (digits.length === 11 && digits.startsWith('8')) digits = `7${digits.slice(1)}`;
  if (digits.length === 10 && digits.startsWith('9')) digits = `7${digits}`;
  return digits;
}

export const normalizeEmail = (raw: string): string => raw.trim().toLowerCase();
