import { describe, expect, it } from 'vitest';
import { CERTIFICATE_DAYS_METRIC, certificateMetricRecord, checkCertificate, daysToExpiry } from './cert-expiry-run.ts';

const now = new Date('2026-12-04T05:00:00Z');

describe('certificate watch', () => {
  it('counts whole days left, rounding down, negative once expired', () => {
    expect(daysToExpiry(new Date('2027-01-03T05:00:00Z'), now)).toBe(30);
    expect(daysToExpiry(new Date('2027-01-03T04:59:59Z'), now)).toBe(29);
    expect(daysToExpiry(new Date('2026-12-04T23:00:00Z'), now)).toBe(0);
    expect(daysToExpiry(new Date('2026-12-02T05:00:00Z'), now)).toBe(-2);
  });

  it('refuses a certificate without a valid expiration rather than report a number', () => {
    expect(() => daysToExpiry(new Date('not a date'), now)).toThrow(/expiration/);
  });

  it('logs an EMF record CloudWatch turns into Shouhu/CertificateDaysToExpiry by function', () => {
    const check = checkCertificate('shouhu-2026', new Date('2026-12-20T00:00:00Z'), now);
    const record = certificateMetricRecord(check, 'Shouhu-prod-CertExpiry', now);
    expect(record).toEqual({
      _aws: {
        Timestamp: now.getTime(),
        CloudWatchMetrics: [{ Namespace: 'Shouhu', Dimensions: [['Function']], Metrics: [{ Name: CERTIFICATE_DAYS_METRIC, Unit: 'Count' }] }],
      },
      Function: 'Shouhu-prod-CertExpiry',
      CertificateDaysToExpiry: 15,
      certificate: 'shouhu-2026',
      expiration: '2026-12-20T00:00:00.000Z',
    });
    // Every dimension named in the directive is a top-level member, as EMF requires.
    const directive = (record._aws as { CloudWatchMetrics: { Dimensions: string[][]; Metrics: { Name: string }[] }[] }).CloudWatchMetrics[0]!;
    for (const key of [...directive.Dimensions.flat(), ...directive.Metrics.map((m) => m.Name)]) expect(record).toHaveProperty(key);
  });
});
