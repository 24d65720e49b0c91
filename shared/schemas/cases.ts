/**
 * 投诉举报 and 退费纠纷: the one definition of what a family files, what the
 * API answers, and what is stored. The API validates with these, the site's
 * forms validate with these (no second copy of the rules), and the OpenAPI
 * document is generated from them.
 *
 * Privacy by shape: personal data (the contact and a child's school stage)
 * sits in its own fields, which the server stores apart from the narrative,
 * encrypted. Identity-card numbers are never asked for, and refused in free
 * text. Money is integer fen.
 *
 * One module per part, under shared/schemas/cases/; this file re-exports them
 * all, so importers keep `#shared/schemas/cases.ts` (a page's script may import
 * the one part it needs, to stay small).
 */
export * from './cases/fields.ts';
export * from './cases/intake.ts';
export * from './cases/receipt.ts';
export * from './cases/tracking.ts';
export * from './cases/record.ts';
export * from './cases/staff.ts';
export * from './cases/triage.ts';
export * from './cases/risk.ts';
export * from './cases/dashboard.ts';
export * from './cases/form.ts';
export * from './cases/attachments.ts';
export * from './cases/pow.ts';
