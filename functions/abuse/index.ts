export { createAbuseControls, beijingWhen, type AbuseControlsOptions } from './controls.ts';
export { SUBMISSION_LIMITS, countSubmission, windowOf, type SubmissionLimit, type SubmissionLimits } from './limits.ts';
export { DEFAULT_POW, decodePowPayload, issueChallenge, verifyPow, type IssuedChallenge, type PowSettings, type PowVerdict } from './pow.ts';
