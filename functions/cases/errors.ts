/** What the case services report; the routes turn them into answers (functions/routes/cases.ts). */
import type { AbuseVerdict } from './abuse.ts';

/** The form named a registry id that is not on the list. */
export class UnknownInstitution extends Error {
  constructor() {
    super('unknown institution');
  }
}

/** The idempotency key was used before for a different body. */
export class IdempotencyMismatch extends Error {
  constructor() {
    super('idempotency key reused with a different body');
  }
}

/** An abuse check refused the submission (never for harm to a child). */
export class SubmissionRefused extends Error {
  constructor(readonly verdict: Extract<AbuseVerdict, { allow: false }>) {
    super(`submission refused: ${verdict.reason}`);
  }
}

/** Could not write after several attempts (sustained contention): nothing was written; try again. */
export class IntakeBusy extends Error {
  constructor() {
    super('intake busy');
  }
}

/** The tracking form is malformed: which field, and what to fix. Says nothing about any case. */
export class TrackInputInvalid extends Error {
  constructor(readonly fields: Record<string, string>) {
    super('track input invalid');
  }
}

/** Wrong case number or wrong access code: deliberately the same error for both. */
export class TrackNotFound extends Error {
  constructor() {
    super('no case for this number and code');
  }
}

/** Too many failed lookups from this network or for this case number. */
export class TrackLocked extends Error {
  constructor(readonly until: Date) {
    super('tracking locked');
  }
}
