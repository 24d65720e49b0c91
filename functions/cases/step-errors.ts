/**
 * What a step on a case can answer besides success (functions/cases/transitions.ts,
 * merge.ts); functions/routes/admin-cases.ts, cases.ts and case-pages.ts turn them into HTTP.
 */
import type { StoredCase } from '../data/cases.ts';


export class CaseNotFound extends Error {
  constructor() {
    super('no such case');
  }
}

/** The member of staff's department does not see this case (403, audited). */
export class CaseNotVisible extends Error {
  constructor(readonly caseNumber: string) {
    super('case out of scope');
  }
}

/** The table has no such step from here (409), or not for this actor (403): `message` says which and what to do. */
export class TransitionRefused extends Error {
  constructor(
    readonly status: 403 | 409,
    message: string,
    readonly current: StoredCase,
  ) {
    super(message);
  }
}

/** A field the step needs is missing or wrong: a message per field. */
export class TransitionInvalid extends Error {
  constructor(readonly fields: Record<string, string>) {
    super('transition input invalid');
  }
}

/** Someone else changed the case since it was read: nothing was written; here is the case as it now is. */
export class CaseConflict extends Error {
  constructor(readonly current: StoredCase) {
    super('case changed since it was read');
  }
}

/** Sustained contention on shared counters: nothing was written, try again. */
export class TriageBusy extends Error {
  constructor() {
    super('triage busy');
  }
}

/** Feedback is given only on a concluded case. */
export class FeedbackNotOpen extends Error {
  constructor() {
    super('feedback only on a concluded case');
  }
}
