/**
 * The certificate watch's pure part (functions/jobs/cert-expiry.ts runs it daily in
 * AWS): how many whole days a certificate has left, and the CloudWatch Embedded
 * Metric Format record that reports it, which infra/constructs/monitoring.ts alarms on.
 *
 * The metric contract (docs/operations.md, "Metrics the app reports"): namespace
 * `Shouhu`, dimension `Function` (the Lambda function's name), metric
 * `CertificateDaysToExpiry` (Count: whole days, negative once expired).
 */

export const METRIC_NAMESPACE = 'Shouhu';
export const CERTIFICATE_DAYS_METRIC = 'CertificateDaysToExpiry';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole days from `now` until `expiration`, rounded down: 0 on its last day, negative after it. */
export function daysToExpiry(expiration: Date, now: Date): number {
  if (Number.isNaN(expiration.getTime())) throw new Error('The certificate has no valid expiration date');
  return Math.floor((expiration.getTime() - now.getTime()) / DAY_MS);
}

export interface CertificateCheck {
  certificate: string;
  expiration: string;
  daysToExpiry: number;
}

export function checkCertificate(name: string, expiration: Date, now: Date): CertificateCheck {
  return { certificate: name, expiration: expiration.toISOString(), daysToExpiry: daysToExpiry(expiration, now) };
}

/**
 * One EMF log line: CloudWatch Logs turns it into the metric (no PutMetricData call,
 * no permission beyond writing the function's own log group).
 */
export function certificateMetricRecord(check: CertificateCheck, functionName: string, now: Date): Record<string, unknown> {
  return {
    _aws: {
      Timestamp: now.getTime(),
      CloudWatchMetrics: [
        { Namespace: METRIC_NAMESPACE, Dimensions: [['Function']], Metrics: [{ Name: CERTIFICATE_DAYS_METRIC, Unit: 'Count' }] },
      ],
    },
    Function: functionName,
    [CERTIFICATE_DAYS_METRIC]: check.daysToExpiry,
    certificate: check.certificate,
    expiration: check.expiration,
  };
}
