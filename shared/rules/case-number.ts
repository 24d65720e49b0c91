/**
 * 案件编号: case numbers a family can read aloud over the phone and type back.
 *
 * Twelve digits and a check character, grouped in fours: `2611-3852-0917-5`.
 * - Digits 1-4: year and month of receipt in China Standard Time (YYMM), so
 *   staff can tell a case's age at a glance.
 * - Digits 5-12: random, supplied by the caller (crypto.getRandomValues in the
 *   browser, node:crypto on the server); this module stays pure. Eight random
 *   digits give 10⁸ numbers a month: the caller must still store with a
 *   "does not exist yet" condition and draw again on a clash.
 * - The check character is ISO 7064 MOD 11-2, the scheme of the last character
 *   of a Chinese resident ID number, so it can be X. It catches every single
 *   mistyped digit and every swap of two adjacent characters.
 * `parseCaseNumber` forgives how people type: spaces, any dash, full-width
 * digits and a lower-case x.
 */
import { cstDate } from './working-days.ts';

export const CASE_NUMBER_DATA_DIGITS = 12;
export const CASE_NUMBER_RANDOM_DIGITS = 8;

/** ISO 7064 MOD 11-2 check character over a string of digits: 0-9 or X. */
export function mod11_2CheckCharacter(digits: string): string {
  if (!/^\d+$/.test(digits)) throw new RangeError(`Digits only: ${digits}`);
  let p = 0;
  for (const ch of digits) p = ((p + Number(ch)) * 2) % 11;
  const check = (12 - p) % 11;
  return check === 10 ? 'X' : String(check);
}

/** The 12 data digits (no check character) as a grouped case number with its check character. */
export function formatCaseNumber(digits: string): string {
  if (!new RegExp(`^\\d{${CASE_NUMBER_DATA_DIGITS}}$`).test(digits)) {
    throw new RangeError(`A case number has ${CASE_NUMBER_DATA_DIGITS} digits before its check character: ${digits}`);
  }
  return `${digits.slice(0, 4)}-${digits.slice(4, 8)}-${digits.slice(8, 12)}-${mod11_2CheckCharacter(digits)}`;
}

// Separators people type between groups: spaces (incl. full-width) and every dash-like character.
const SEPARATORS = /[\s\u3000\-\u2010-\u2015\u2212\uFE58\uFE63\uFF0D_.·]/g;

function normalise(input: string): string {
  return input
    .replace(SEPARATORS, '')
    .replace(/[\uFF10-\uFF19]/g, (ch) => String(ch.charCodeAt(0) - 0xff10))
    .replace(/[xX\uFF38\uFF58]/g, 'X');
}

/**
 * A case number as typed or read back, in its canonical grouped form; null
 * when it is not 12 digits and a check character, or the check fails.
 */
export function parseCaseNumber(input: string): string | null {
  const compact = normalise(input);
  if (!new RegExp(`^\\d{${CASE_NUMBER_DATA_DIGITS}}[\\dX]$`).test(compact)) return null;
  const digits = compact.slice(0, CASE_NUMBER_DATA_DIGITS);
  return mod11_2CheckCharacter(digits) === compact[CASE_NUMBER_DATA_DIGITS] ? formatCaseNumber(digits) : null;
}

/** A new case number: YYMM of receipt (CST), then the random digits, then the check character. */
export function newCaseNumber(randomDigits: string, receivedAt: string): string {
  if (!new RegExp(`^\\d{${CASE_NUMBER_RANDOM_DIGITS}}$`).test(randomDigits)) {
    throw new RangeError(`Expected ${CASE_NUMBER_RANDOM_DIGITS} random digits: ${randomDigits}`);
  }
  const day = cstDate(receivedAt);
  return formatCaseNumber(`${day.slice(2, 4)}${day.slice(5, 7)}${randomDigits}`);
}
