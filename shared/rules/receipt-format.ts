/**
 * How case numbers and access codes look wherever a family sees them:
 * receipts, tracking hints and error messages, the examples in them, and the
 * API's documented examples. One format, from one place:
 * - a case number: `formatCaseNumber` (shared/rules/case-number.ts), 4-4-4 digits and the check character;
 * - an access code: `formatAccessCode` here, 4-4 characters.
 * The examples are built with the same functions, so an example a parent
 * copies is itself valid (its check character is right).
 */
import { formatCaseNumber } from './case-number.ts';

/** As printed on the receipt: `K7QM4XPD` → `K7QM-4XPD`. */
export function formatAccessCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** The case number the hints show as an example: a valid one (its check character computed). */
export const EXAMPLE_CASE_NUMBER = formatCaseNumber('261138520917');

/** The access code the hints show as an example. */
export const EXAMPLE_ACCESS_CODE = formatAccessCode('K7QM4XPD');
