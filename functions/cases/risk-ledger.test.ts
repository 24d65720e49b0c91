import { describe, expect, it } from 'vitest';
import { Jurisdiction } from '#shared/jurisdiction/types.ts';
import { xiangyuan } from '#shared/jurisdiction/xiangyuan.ts';
import { xinyang } from '#shared/jurisdiction/xinyang.ts';
import type { RiskCounters } from '../data/risk.ts';
import { FALLBACK_THRESHOLDS, ledgerRow, rankLedger, thresholdsFor } from './risk-ledger.ts';

const now = new Date('2026-11-20T02:00:00Z');
const counters = (overrides: Partial<RiskCounters>): RiskCounters => ({
  institutionId: 'xy000001',
  name: '某培训中心',
  openDisputes: 0,
  totalDisputes: 0,
  amountInDispute: 0,
  amountRecovered: 0,
  complaints: 0,
  substantiated: 0,
  complaintsByMonth: {},
  lastCaseAt: '2026-11-01T02:00:00Z',
  ...overrides,
});

describe('flagging', () => {
  const t = thresholdsFor();

  it('uses the jurisdiction’s thresholds, with their basis', () => {
    expect(t).toBe(FALLBACK_THRESHOLDS);
    expect(t.basis).toContain('一企一策');
  });

  it('flags at each threshold, and says why in words', () => {
    expect(ledgerRow(counters({ openDisputes: 2 }), t, now, false).flagged).toBe(false);
    expect(ledgerRow(counters({ openDisputes: 3 }), t, now, false)).toMatchObject({ flagged: true, reasons: ['open_disputes'], reasonTexts: ['未结退费纠纷3件，达到预警线3件'] });
    expect(ledgerRow(counters({ amountInDispute: 3_000_000 }), t, now, false)).toMatchObject({ reasons: ['amount_in_dispute'], reasonTexts: ['争议金额30000元，达到预警线30000元'] });
  });

  it('counts recent complaints over the configured months only', () => {
    const recent = counters({ complaintsByMonth: { '2026-11': 2, '2026-10': 2, '2026-09': 1, '2026-08': 9 } });
    expect(ledgerRow(recent, t, now, false)).toMatchObject({ recentComplaints: 5, reasons: ['recent_complaints'] });
    expect(ledgerRow(recent, { ...t, recentMonths: 2 }, now, false)).toMatchObject({ recentComplaints: 4, flagged: false });
  });
});

describe('thresholds as configuration', () => {
  it('come from each jurisdiction’s configuration, and a city that sets its own flags by them', () => {
    expect(thresholdsFor(xinyang)).toBe(xinyang.riskThresholds);
    expect(thresholdsFor(xiangyuan)).toBe(xiangyuan.riskThresholds);
    const strict = Jurisdiction.parse({ ...xiangyuan, riskThresholds: { ...xiangyuan.riskThresholds, openDisputes: 2, basis: '某市文件' } });
    expect(ledgerRow(counters({ openDisputes: 2 }), thresholdsFor(strict), now, false)).toMatchObject({ flagged: true, reasons: ['open_disputes'] });
    expect(ledgerRow(counters({ openDisputes: 2 }), thresholdsFor(xiangyuan), now, false).flagged).toBe(false);
  });

  it('are refused at load when missing or not positive', () => {
    const { riskThresholds: _dropped, ...without } = xinyang;
    expect(Jurisdiction.safeParse(without).success).toBe(false);
    expect(Jurisdiction.safeParse({ ...xinyang, riskThresholds: { ...xinyang.riskThresholds, openDisputes: 0 } }).success).toBe(false);
  });

  it('give way to the router’s override (a deployment or a test)', () => {
    const override = { ...xinyang.riskThresholds, recentComplaints: 1 };
    expect(thresholdsFor(xinyang, override)).toBe(override);
  });
});

describe('ranking', () => {
  it('puts flagged institutions first, then by open disputes, amount, recent complaints, name', () => {
    const t = thresholdsFor();
    const rows = [
      ledgerRow(counters({ institutionId: 'a', name: '乙', openDisputes: 1, amountInDispute: 100 }), t, now, false),
      ledgerRow(counters({ institutionId: 'b', name: '甲', openDisputes: 1, amountInDispute: 100 }), t, now, false),
      ledgerRow(counters({ institutionId: 'c', name: '丙', openDisputes: 2 }), t, now, false),
      ledgerRow(counters({ institutionId: 'd', name: '丁', amountInDispute: 5_000_000 }), t, now, true),
    ];
    expect(rankLedger(rows).map((r) => r.institutionId)).toEqual(['d', 'c', 'b', 'a']);
  });
});
