/**
 * 受理: filing a complaint or a refund dispute.
 *
 * 1. The same form again (its `Idempotency-Key`) gets the same receipt, from
 *    the idempotency record, whatever happens in between; the same key with
 *    another body is refused. Retries and double clicks never file twice.
 * 2. The institution is looked up in the registry when listed (its category
 *    and any supervising-department override decide the routing).
 * 3. The abuse check is asked once (functions/cases/abuse.ts). A report of
 *    harm to a child is never refused: it is kept, routed and flagged.
 * 4. Routed by the jurisdiction's table (shared/rules/routing.ts), with the
 *    refund assessment for disputes (shared/rules/fees.ts).
 * 5. Personal data sealed under a new data key, bound to the case number;
 *    the receipt (with the access code) sealed under the same key for the
 *    idempotency record; only the access code's scrypt hash is kept.
 * 6. One transaction writes the case, its first events, its personal data,
 *    its queue entries, the idempotency record and the risk counters
 *    (functions/data/cases.ts `createCase`). A taken case number is drawn
 *    again; a concurrent duplicate finds the winner's record and replays it.
 *
 * Nothing here logs: the input holds personal data.
 */
import { t } from '#shared/i18n/zh-CN.ts';
import { newCaseNumber } from '#shared/rules/case-number.ts';
import { cstDate } from '#shared/rules/working-days.ts';
import {
  CaseReceipt,
  type CaseEvent,
  type CaseRecord,
  type ComplaintInput,
  type RefundAssessment,
  type RefundDisputeInput,
} from '#shared/schemas/cases.ts';
import type { InstitutionCategory } from '#shared/vocabulary.ts';
import { keyFor, safeEqual } from '../auth/keys.ts';
import { newEnvelope, openEnvelope } from '../crypto/envelope.ts';
import { CaseNumberTaken, createCase, IdempotencyKeyTaken, WriteConflict, type PersonalDataItem } from '../data/cases.ts';
import type { Db } from '../data/client.ts';
import { claimInFlight, getIdempotencyRecord, releaseClaim, type IdempotencyRecord } from '../data/idempotency.ts';
import { StoreUnavailable, storeUnavailable } from '../data/unavailable.ts';
import { getInstitution } from '../data/institutions.ts';
import { messagePut } from '../data/messages.ts';
import type { AbuseCheckInput } from './abuse.ts';
import { formatAccessCode, hashAccessCode } from './access-code.ts';
import { IdempotencyMismatch, IntakeBusy, SubmissionRefused, UnknownInstitution } from './errors.ts';
import { submissionFingerprint } from './fingerprint.ts';
import { maskContact } from './masking.ts';
import { narrativeOf } from './narrative.ts';
import { recoveryMobileKey } from './recovery.ts';
import { assessRefund } from './refund.ts';
import { currentFeeRules } from '../fees/rules-source.ts';
import { jurisdiction } from '#shared/jurisdiction/index.ts';
import { departmentName, routeNewCase, type RoutedCase } from './routing.ts';
import type { CaseServices } from './services.ts';
import { beijingDateTime } from './timeline.ts';

export type Submission =
  | { type: 'complaint'; input: ComplaintInput }
  | { type: 'refund_dispute'; input: RefundDisputeInput };

export interface SubmitOptions {
  idempotencyKey: string;
  /** What the abuse check sees of the request. */
  request: Pick<AbuseCheckInput, 'clientKey' | 'headers' | 'rawBody'>;
  now: Date;
}

export interface SubmitResult {
  receipt: CaseReceipt;
  /** True when this was a repeat of a submission already filed. */
  replayed: boolean;
}

/** Attempts at the transaction before giving up (contention on a risk counter, a drawn number taken). */
const MAX_ATTEMPTS = 8;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How long a filing holds its key against concurrent duplicates (longer than any filing takes), and how long a duplicate waits for it. */
export const CLAIM_HOLD_SECONDS = 30;
const DUPLICATE_WAIT_MS = 15_000;

/** The same body, fingerprinted with the current secret or (a record stored before a rotation) the previous one. */
function sameSubmission(services: CaseServices, record: IdempotencyRecord, fingerprint: string, submission: Submission): boolean {
  if (safeEqual(record.fingerprint, fingerprint)) return true;
  const previous = services.previousSecret;
  return previous !== undefined && safeEqual(record.fingerprint, submissionFingerprint(previous, submission.type, submission.input));
}

async function replay(services: CaseServices, record: IdempotencyRecord, fingerprint: string, submission: Submission): Promise<SubmitResult> {
  if (!sameSubmission(services, record, fingerprint, submission)) throw new IdempotencyMismatch();
  const envelope = await openEnvelope(services.keys, { caseNumber: record.caseNumber }, record.receipt.wrappedKey);
  try {
    return { receipt: CaseReceipt.parse(JSON.parse(envelope.open('receipt', record.receipt.sealed))), replayed: true };
  } finally {
    envelope.dispose();
  }
}

interface InstitutionFacts {
  record: CaseRecord['institution'];
  category: InstitutionCategory | undefined;
  categorySource: 'registry' | 'family' | 'unknown';
  supervisingDepartment: NonNullable<Awaited<ReturnType<typeof getInstitution>>>['supervisingDepartmentOverride'];
}

async function institutionFacts(db: Db, ref: ComplaintInput['institution']): Promise<InstitutionFacts> {
  if (ref.institutionId) {
    const inst = await getInstitution(db, ref.institutionId);
    if (!inst) throw new UnknownInstitution();
    const address = inst.premises[0]?.address;
    return {
      record: { id: inst.id, name: inst.name, ...(address ? { address } : {}), category: inst.category, listed: true },
      category: inst.category,
      categorySource: 'registry',
      supervisingDepartment: inst.supervisingDepartmentOverride,
    };
  }
  const category = ref.unlistedCategory;
  return {
    record: { name: ref.unlistedName ?? '', address: ref.unlistedAddress ?? '', ...(category ? { category } : {}), listed: false },
    category,
    categorySource: category ? 'family' : 'unknown',
    supervisingDepartment: undefined,
  };
}

/** Asks the abuse check; harm to a child is kept whatever it says (flagged), and even if the check fails. */
async function screen(
  services: CaseServices,
  submission: Submission,
  options: SubmitOptions,
): Promise<{ suspected: boolean; reasons: string[] }> {
  const kind = submission.type === 'complaint' ? submission.input.kind : undefined;
  const childHarm = kind === 'child_harm';
  const mobile = submission.input.contact?.mobile;
  const input: AbuseCheckInput = {
    caseType: submission.type,
    ...(kind ? { kind } : {}),
    ...(mobile ? { mobileKey: keyFor('mobile', mobile, services.secret) } : {}),
    ...options.request,
    now: options.now,
  };
  try {
    const verdict = await services.abuse.check(input);
    if (verdict.allow) return { suspected: false, reasons: [] };
    if (childHarm) return { suspected: true, reasons: [verdict.reason] };
    throw new SubmissionRefused(verdict);
  } catch (error) {
    if (childHarm && !(error instanceof SubmissionRefused)) return { suspected: true, reasons: ['check_failed'] };
    throw error;
  }
}

function buildReceipt(input: {
  caseNumber: string;
  accessCode: string;
  submission: Submission;
  submittedAt: string;
  routed: ReturnType<typeof routeNewCase>;
  refund: RefundAssessment | undefined;
  services: CaseServices;
}): CaseReceipt {
  const { routed, submission, services } = input;
  const j = services.jurisdiction;
  const lead = { id: routed.leadDepartmentId, name: departmentName(routed.leadDepartmentId, j) };
  const coHandling = routed.coHandlingDepartmentIds.map((id) => ({ id, name: departmentName(id, j) }));
  const nextSteps = [
    t.cases.receipt.keepSafe,
    t.cases.receipt.lead(lead.name, beijingDateTime(routed.decision.acceptBy)),
    ...(coHandling.length ? [t.cases.receipt.coHandling(coHandling.map((d) => d.name).join('、'))] : []),
    t.cases.receipt.conclude(beijingDateTime(routed.decision.concludeBy)),
    submission.input.contact ? t.cases.receipt.privacy : t.cases.receipt.anonymous,
  ];
  const kind = submission.type === 'complaint' ? submission.input.kind : undefined;
  return CaseReceipt.parse({
    caseNumber: input.caseNumber,
    accessCode: formatAccessCode(input.accessCode),
    type: submission.type,
    ...(kind ? { kind } : {}),
    submittedAt: input.submittedAt,
    leadDepartment: lead,
    coHandling,
    priority: routed.decision.priority,
    acceptBy: routed.decision.acceptBy,
    concludeBy: routed.decision.concludeBy,
    nextSteps,
    ...(kind === 'child_harm' ? { emergency: t.cases.receipt.emergency } : {}),
    ...(input.refund ? { refund: input.refund } : {}),
  });
}

function caseRecord(input: {
  caseNumber: string;
  submission: Submission;
  submittedAt: string;
  institution: InstitutionFacts;
  routed: ReturnType<typeof routeNewCase>;
  refund: RefundAssessment | undefined;
  hasPersonalData: boolean;
  abuse: { suspected: boolean; reasons: string[] };
}): CaseRecord {
  const { submission, routed } = input;
  const s = submission.input;
  let details: Pick<CaseRecord, 'complaint' | 'refund'>;
  if (submission.type === 'complaint') {
    const c = submission.input;
    // The place and the description are the family's own words: sealed with the personal data (personalFields), never on the record.
    details = { complaint: { kind: c.kind, ...(c.happenedOn ? { happenedOn: c.happenedOn } : {}) } };
  } else {
    const { institution: _i, districtCode: _d, contact: _c, childAgeBand: _a, consent: _k, institutionResponse: _r, ...refund } = submission.input;
    details = { refund: { ...refund, owed: input.refund?.estimate.owed ?? 0, chargeBrokeRules: input.refund?.chargeBrokeRules ?? false } };
  }
  return {
    caseNumber: input.caseNumber,
    type: submission.type,
    state: 'submitted',
    submittedAt: input.submittedAt,
    districtCode: s.districtCode,
    institution: input.institution.record,
    ...details,
    routing: routed.decision,
    leadDepartmentId: routed.leadDepartmentId,
    coHandlingDepartmentIds: routed.coHandlingDepartmentIds,
    hasPersonalData: input.hasPersonalData,
    ...(s.contact ? { contactMasked: maskContact(s.contact) } : {}),
    abuseSuspected: input.abuse.suspected,
    abuseReasons: input.abuse.reasons,
    legalHold: false,
    version: 1,
  };
}

function firstEvents(record: CaseRecord, institution: InstitutionFacts, why: RoutedCase['why']): CaseEvent[] {
  const r = record.routing;
  return [
    {
      type: 'submitted',
      seq: 1,
      at: record.submittedAt,
      visibility: 'public',
      caseType: record.type,
      leadDepartmentId: record.leadDepartmentId,
      coHandlingDepartmentIds: record.coHandlingDepartmentIds,
      acceptBy: r.acceptBy,
      priority: r.priority,
    },
    {
      type: 'routed',
      seq: 2,
      at: record.submittedAt,
      visibility: 'internal',
      ruleId: r.ruleId,
      leadDepartmentId: record.leadDepartmentId,
      coHandlingDepartmentIds: record.coHandlingDepartmentIds,
      priority: r.priority,
      acceptBy: r.acceptBy,
      concludeBy: r.concludeBy,
      categorySource: institution.categorySource,
      basis: why.basis,
      ...(why.priorityReason ? { priorityReason: why.priorityReason } : {}),
      ...(why.note ? { note: why.note } : {}),
      abuseSuspected: record.abuseSuspected,
      abuseReasons: record.abuseReasons,
    },
  ];
}

/** The personal fields a family gave (contact, child's stage, and its narrative: NARRATIVE_FIELDS), by the names they are sealed under. */
function personalFields(submission: Submission): Record<string, string> {
  const s = submission.input;
  return {
    ...(s.contact ? { contactName: s.contact.name, contactMobile: s.contact.mobile } : {}),
    // Consent to text messages, sealed with the number it is for (functions/notify/sender.ts reads it at send time).
    ...(s.contact?.notify ? { notifyConsent: '1' } : {}),
    ...(s.childAgeBand ? { childAgeBand: s.childAgeBand } : {}),
    ...narrativeOf(submission),
  };
}

/**
 * Files a submission once, whatever the retries: the same key is answered
 * from its idempotency record; while another request with the same key is
 * in flight, this one waits for that one's record instead of running the
 * abuse check (so duplicates never use up a family's limits) and files only
 * if that one gave up. The database not answering is a StoreUnavailable
 * saying whether the case may have been filed (`unknown`) or certainly was
 * not (`not_written`); either way a retry with the same key is safe.
 */
export async function submitCase(db: Db, services: CaseServices, submission: Submission, options: SubmitOptions): Promise<SubmitResult> {
  const { idempotencyKey: key, now } = options;
  const fingerprint = submissionFingerprint(services.secret, submission.type, submission.input);
  const progress = { sent: false };
  try {
    const deadline = Date.now() + DUPLICATE_WAIT_MS;
    for (let wait = 25; ; wait = Math.min(wait * 2, 500)) {
      const existing = await getIdempotencyRecord(db, key, now);
      if (existing) return await replay(services, existing, fingerprint, submission);
      const claim = await claimInFlight(db, key, now, CLAIM_HOLD_SECONDS);
      if (claim) {
        try {
          return await fileOnce(db, services, submission, options, fingerprint, progress);
        } catch (error) {
          // Let the key go: filing twice stays impossible (the record is claimed in the case's own transaction); the hold only spares the limits.
          await releaseClaim(db, key, claim.token).catch(() => undefined);
          throw error;
        }
      }
      if (Date.now() > deadline) throw new IntakeBusy();
      await sleep(wait);
    }
  } catch (error) {
    const outcome = storeUnavailable(error);
    if (!outcome) throw error;
    // Certain only when the case's transaction was never sent, or its one attempt was refused outright.
    const attempts = (error as { $metadata?: { attempts?: number } }).$metadata?.attempts;
    const certain = !progress.sent || (outcome === 'not_written' && attempts === 1);
    throw new StoreUnavailable(certain ? 'not_written' : 'unknown', { cause: error });
  }
}

async function fileOnce(
  db: Db,
  services: CaseServices,
  submission: Submission,
  options: SubmitOptions,
  fingerprint: string,
  progress: { sent: boolean },
): Promise<SubmitResult> {
  const { idempotencyKey: key, now } = options;
  const institution = await institutionFacts(db, submission.input.institution);
  const abuse = await screen(services, submission, options);
  const submittedAt = now.toISOString();
  const routed = routeNewCase(
    {
      caseType: submission.type,
      ...(submission.type === 'complaint' ? { kind: submission.input.kind } : {}),
      ...(institution.category ? { category: institution.category } : {}),
      ...(institution.supervisingDepartment ? { supervisingDepartment: institution.supervisingDepartment } : {}),
      districtCode: submission.input.districtCode,
      receivedAt: submittedAt,
    },
    services.jurisdiction,
  );
  const refund =
    submission.type === 'refund_dispute'
      ? assessRefund(submission.input, {
          category: institution.category,
          today: cstDate(submittedAt),
          jurisdiction: services.jurisdiction,
          // Published guidance prices belong to the deployed jurisdiction; a test's own jurisdiction keeps its rules.
          ...(services.jurisdiction === jurisdiction ? { feeRules: await currentFeeRules(db) } : {}),
        })
      : undefined;
  const accessCode = services.random.accessCode();
  const accessCodeHash = await hashAccessCode(accessCode, services.secret);
  const personal = personalFields(submission);
  const hasPersonalData = Object.keys(personal).length > 0;

  /** Everything that depends on the case number: drawn again only when a number turns out to be taken. */
  const prepare = async (caseNumber: string) => {
    const receipt = buildReceipt({ caseNumber, accessCode, submission, submittedAt, routed, refund, services });
    const record = caseRecord({ caseNumber, submission, submittedAt, institution, routed, refund, hasPersonalData, abuse });
    // One data key per case (the case number is its encryption context), for the personal data and the kept receipt.
    const envelope = await newEnvelope(services.keys, { caseNumber });
    try {
      const personalItem: PersonalDataItem | undefined = hasPersonalData
        ? {
            caseNumber,
            keyProvider: services.keys.id,
            wrappedKey: envelope.wrappedKey,
            fields: Object.fromEntries(Object.entries(personal).map(([name, value]) => [name, envelope.seal(name, value)])),
            // Lets the family recover a lost access code with the mobile they gave (functions/cases/recovery.ts).
            ...(submission.input.contact ? { mobileKey: recoveryMobileKey(submission.input.contact.mobile, services.secret) } : {}),
            createdAt: submittedAt,
          }
        : undefined;
      return { caseNumber, receipt, record, personalItem, wrappedKey: envelope.wrappedKey, sealedReceipt: envelope.seal('receipt', JSON.stringify(receipt)) };
    } finally {
      envelope.dispose();
    }
  };

  let prepared = await prepare(newCaseNumber(services.random.caseDigits(), submittedAt));
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const { caseNumber, receipt, record, personalItem } = prepared;
    try {
      progress.sent = true;
      await createCase(db, {
        record,
        accessCodeHash,
        events: firstEvents(record, institution, routed.why),
        ...(personalItem ? { personal: personalItem } : {}),
        queue: routed.queue,
        idempotency: {
          key,
          record: {
            scope: submission.type,
            fingerprint,
            caseNumber,
            receipt: { wrappedKey: prepared.wrappedKey, sealed: prepared.sealedReceipt },
            createdAt: submittedAt,
            ttl: Math.floor(now.getTime() / 1000) + services.idempotencyTtlSeconds,
          },
        },
        // The family asked for messages: "received", in the same transaction (sent by functions/notify/sender.ts).
        ...(submission.input.contact?.notify
          ? { extra: [messagePut({ caseNumber, seq: 1, template: 'case_received', department: departmentName(record.leadDepartmentId, services.jurisdiction), at: submittedAt })] }
          : {}),
        ...(institution.record.id
          ? {
              risk: {
                institutionId: institution.record.id,
                departmentId: routed.leadDepartmentId,
                type: submission.type,
                ...(submission.type === 'refund_dispute' ? { amountAsked: submission.input.amountAsked } : {}),
                at: submittedAt,
              },
            }
          : {}),
        now,
      });
      return { receipt, replayed: false };
    } catch (error) {
      if (error instanceof CaseNumberTaken) {
        prepared = await prepare(newCaseNumber(services.random.caseDigits(), submittedAt));
        continue;
      }
      if (!(error instanceof IdempotencyKeyTaken || error instanceof WriteConflict)) throw error;
      // Someone else may have filed this very form in the meantime: if so, theirs is the receipt.
      const winner = await getIdempotencyRecord(db, key, now);
      if (winner) return replay(services, winner, fingerprint, submission);
      await sleep(Math.random() * 20 * 2 ** attempt);
    }
  }
  throw new IntakeBusy();
}
