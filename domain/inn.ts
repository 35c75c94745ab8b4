/**
 * Russian taxpayer number (ИНН) checks. The check digits are defined by the Federal Tax Service
 * (order of ФНС assigning ИНН): each check digit is a weighted sum of the preceding digits, modulo 11,
 * then modulo 10. A wrong INN is a typo in the CRM far more often than a real foreign taxpayer, so we
 * refuse to carry it into 1C, where the accountant would have to chase it later.
 */

export type InnKind = 'legal' | 'individual';

const LEGAL_WEIGHTS = [2, 4, 10, 3, 5, 9, 4, 6, 8];
const INDIVIDUAL_WEIGHTS_11 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
const INDIVIDUAL_WEIGHTS_12 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];

function checkDigit(digits: number[], weights: number[]): number {
  const sum = weights.reduce((acc, weight, i) => acc + weight * (digits[i] ?? 0), 0);
  return (sum % 11) % 10;
}

/** 10 digits → legal entity, 12 digits → individual (ИП or person); anything else → null. No checksum test. */
export function innKind(inn: string): InnKind | null {
  if (/^\d{10}$/.test(inn)) return 'legal';
  if (/^\d{12}$/.test(inn)) return 'individual';
  return null;
}

/** True when `inn` is exactly 10 or 12 digits and its check digit(s) are right. No trimming: callers normalise. */
export function isValidInn(inn: string): boolean {
  const kind = innKind(inn);
  // Region code 00 does not exist; an all-zero INN passes the checksum but is a placeholder, not a taxpayer.
  if (kind === null || inn.startsWith('00')) return false;
  const digits = [...inn].map(Number);
  if (kind === 'legal') return checkDigit(digits, LEGAL_WEIGHTS) === digits[9];
  return (
    checkDigit(digits, INDIVIDUAL_WEIGHTS_11) === digits[10] &&
    checkDigit(digits, INDIVIDUAL_WEIGHTS_12) === digits[11]
  );
}

/** The INN as 1C should store it: surrounding blanks removed; null when nothing was entered. */
export function cleanInn(raw: string | undefined | null): string | null {
  const trimmed = (raw ?? '').trim();
  return trimmed === '' ? null : trimmed;
}

/**
 * КПП (reason code of tax registration): 9 characters, the tax office's four digits, two digits or capital
 * Latin letters for the reason, three digits. Only organisations have one; an individual entrepreneur
 * (12-digit INN) never does.
 */
export function isValidKpp(kpp: string): boolean {
  return /^\d{4}[\dA-Z]{2}\d{3}$/.test(kpp);
}
