import { afterEach, describe, expect, it, vi } from 'vitest';
import { NATIONAL_FEE_RULES } from '../jurisdiction/fee-rules.ts';
import { CLASS_ENDS_BY, PREPAID_LIMITS } from './fee-limits.ts';

/** Every string in the strings module (functions, e.g. counts, left out). */
function allStrings(node: unknown, out: string[] = []): string[] {
  if (typeof node === 'string') out.push(node);
  else if (node && typeof node === 'object') for (const value of Object.values(node)) allStrings(value, out);
  return out;
}

async function stringsWith(limits: { [K in keyof typeof PREPAID_LIMITS]: number }, endsBy: { [K in keyof typeof CLASS_ENDS_BY]: string }): Promise<string[]> {
  vi.resetModules();
  vi.doMock('./fee-limits.ts', () => ({ PREPAID_LIMITS: limits, CLASS_ENDS_BY: endsBy }));
  const { t } = await import('../i18n/zh-CN.ts');
  return allStrings(t);
}

afterEach(() => {
  vi.doUnmock('./fee-limits.ts');
  vi.resetModules();
});

describe('the national limits on one collection', () => {
  it('are the figures the fee checker applies', () => {
    for (const rule of NATIONAL_FEE_RULES) {
      if (rule.check === 'max_prepaid_hours') expect(rule.maxHours).toBe(PREPAID_LIMITS.hours);
      if (rule.check === 'max_prepaid_months') expect(rule.maxMonths).toBe(PREPAID_LIMITS.months);
      if (rule.check === 'max_amount_per_collection') expect(rule.maxAmount).toBe(PREPAID_LIMITS.nonAcademicAmount);
      if (rule.check === 'class_end_time') expect(rule.endsBy).toBe(CLASS_ENDS_BY[rule.mode]);
    }
    expect(NATIONAL_FEE_RULES.filter((r) => r.check === 'max_amount_per_collection')).toHaveLength(1);
  });

  it('are what the pages tell parents: 3 months or 60 class hours, 5000 yuan, 20:30 and 21:00', async () => {
    const strings = await stringsWith(PREPAID_LIMITS, CLASS_ENDS_BY);
    expect(strings.filter((s) => s.includes('3个月或60课时'))).toHaveLength(5);
    expect(strings.filter((s) => s.includes('5000元'))).toHaveLength(5);
    expect(strings.filter((s) => s.includes('超过3个月。'))).toHaveLength(1);
    expect(strings.filter((s) => s.includes('晚于20:30结束、线上课晚于21:00结束'))).toHaveLength(1);
  });

  it('change the strings when the rule changes, leaving no old figure behind', async () => {
    const strings = await stringsWith({ months: 2, hours: 48, nonAcademicAmount: 400_050 }, { offline: '20:00', online: '20:45' });
    expect(strings.filter((s) => s.includes('2个月或48课时'))).toHaveLength(5);
    expect(strings.filter((s) => s.includes('4000.50元'))).toHaveLength(5);
    expect(strings.filter((s) => s.includes('超过2个月。'))).toHaveLength(1);
    expect(strings.filter((s) => s.includes('晚于20:00结束、线上课晚于20:45结束'))).toHaveLength(1);
    expect(strings.filter((s) => /3个月或|60课时|5000元|晚于20:30|晚于21:00/.test(s))).toEqual([]);
  });
});
