import { describe, expect, it } from 'vitest';
import { CN_NATIONAL_CALENDAR as cn } from '../jurisdiction/calendar-cn.ts';
import { NATIONAL_FEE_RULES as national, NATIONAL_REFUND_RULES as refundRules } from '../jurisdiction/fee-rules.ts';
import { FeeRules, type FeeRule } from '../jurisdiction/types.ts';
import { xinyang } from '../jurisdiction/xinyang.ts';
import { PaymentMethods, type PaymentMethod } from '../vocabulary.ts';
import {
  checkCharge,
  estimateRefund,
  formatYuan,
  lastDayWithinMonths,
  refundDates,
  rulesInForce,
  type ChargeInput,
  type FeeFinding,
  type RefundInput,
} from './fees.ts';

/** A lawful sports charge in 2025; each test changes one thing. */
const charge = (overrides: Partial<ChargeInput> = {}): ChargeInput => ({
  category: 'sports',
  districtCode: '411502',
  date: '2025-03-01',
  amount: 300_000,
  hours: 30,
  months: 3,
  pricePerLesson: 10_000,
  paymentMethod: 'supervised_account',
  ...overrides,
});

const findingFor = (findings: FeeFinding[], rule: string): FeeFinding => {
  const f = findings.find((x) => x.rule === rule);
  if (!f) throw new Error(`no finding for ${rule}: ${findings.map((x) => x.rule).join(', ')}`);
  return f;
};
const outcome = (c: ChargeInput, rule: string, rules: readonly FeeRule[] = national) => findingFor(checkCharge(c, rules), rule).outcome;

describe('the national fee rules (data)', () => {
  it('are the rules Xinyang applies', () => {
    expect(xinyang.feeRules).toEqual(national);
  });

  it('name a document and an effective date for every threshold, and every finding carries them', () => {
    for (const f of checkCharge(charge(), national)) {
      expect(f.source.document.length).toBeGreaterThan(0);
      expect(f.source.effectiveFrom).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('find nothing wrong with a lawful charge', () => {
    expect(checkCharge(charge(), national).filter((f) => f.outcome === 'breaks')).toEqual([]);
  });
});

describe('class hours: at most 60 per collection', () => {
  it.each([
    ['academic', 60, 'academic-prepaid-hours', 'ok'],
    ['academic', 61, 'academic-prepaid-hours', 'breaks'],
    ['sports', 60, 'non-academic-prepaid-hours', 'ok'],
    ['arts', 61, 'non-academic-prepaid-hours', 'breaks'],
    ['science', 61, 'non-academic-prepaid-hours', 'breaks'],
  ] as const)('%s, %i hours → %s %s', (category, hours, rule, expected) => {
    expect(outcome(charge({ category, hours }), rule)).toBe(expected);
  });

  it('says the numbers', () => {
    expect(findingFor(checkCharge(charge({ hours: 61 }), national), 'non-academic-prepaid-hours').message).toBe(
      '本次收费包含61课时，超过了一次最多60课时的上限（多1课时）。',
    );
  });

  it('does not apply the 学科类 row to a sports charge', () => {
    expect(outcome(charge({ hours: 61 }), 'academic-prepaid-hours')).toBe('not_applicable');
  });
});

describe('months: at most 3 calendar months of the course period', () => {
  it.each([
    ['2025-03-01', '2025-05-31'],
    ['2025-03-30', '2025-06-29'],
    ['2025-01-31', '2025-04-30'], // April has no 31st: up to its last day
    ['2025-11-30', '2026-02-28'], // across the year, February has no 30th
    ['2023-11-30', '2024-02-29'], // a leap year
    ['2025-12-01', '2026-02-28'],
  ])('a course from %s may run to %s', (from, last) => {
    expect(lastDayWithinMonths(from, 3)).toBe(last);
  });

  it.each([
    ['2025-03-01', '2025-05-31', 'ok'],
    ['2025-03-01', '2025-06-01', 'breaks'],
    ['2025-11-30', '2026-02-28', 'ok'],
    ['2025-11-30', '2026-03-01', 'breaks'],
    ['2023-11-30', '2024-02-29', 'ok'],
    ['2023-11-30', '2024-03-01', 'breaks'],
  ] as const)('%s to %s → %s', (from, to, expected) => {
    for (const [category, rule] of [['academic', 'academic-prepaid-months'], ['arts', 'non-academic-prepaid-months']] as const) {
      expect(outcome(charge({ category, coursePeriod: { from, to } }), rule), category).toBe(expected);
    }
  });

  it('says by how many days a period is too long', () => {
    const f = findingFor(checkCharge(charge({ coursePeriod: { from: '2025-03-01', to: '2025-06-01' } }), national), 'non-academic-prepaid-months');
    expect(f.message).toBe('课程期间为2025-03-01至2025-06-01；按日历月计算，从2025-03-01开始的3个月最晚到2025-05-31，本次收费多出1天，超过了一次最多3个月的上限。');
  });

  it.each([
    [3, 'ok'],
    [3.5, 'breaks'],
    [4, 'breaks'],
  ] as const)('%s months as stated → %s', (months, expected) => {
    expect(outcome(charge({ months }), 'non-academic-prepaid-months')).toBe(expected);
  });

  it('prefers the course period to the stated months, and says when neither was given', () => {
    expect(outcome(charge({ months: 3, coursePeriod: { from: '2025-03-01', to: '2025-06-01' } }), 'non-academic-prepaid-months')).toBe('breaks');
    const f = findingFor(checkCharge(charge({ months: undefined }), national), 'non-academic-prepaid-months');
    expect(f.outcome).toBe('not_applicable');
    expect(f.message).toBe('输入课程要上几个月（或起止日期）后可判断是否超过一次最多3个月的上限。');
    expect(f.needs).toEqual(['months']);
  });
});

describe('partial facts: every verdict the known facts allow, and what to enter for the rest', () => {
  /** Only the category and the day; each test adds what a parent knows. */
  const known = (facts: Partial<ChargeInput>): ChargeInput => ({ category: 'arts', date: '2025-03-01', ...facts });
  const check = (facts: Partial<ChargeInput>) => checkCharge(known(facts), national);

  it.each([
    [500_000, 'ok'],
    [500_001, 'breaks'],
    [520_000, 'breaks'],
  ] as const)('an amount alone (%s fen, a dance course) is judged against the 5,000 yuan cap → %s', (amount, expected) => {
    expect(findingFor(check({ amount }), 'non-academic-amount-cap').outcome).toBe(expected);
  });

  it('5,200 yuan for a dance course and nothing else: over the cap, citing its rule, and says what else would decide the rest', () => {
    const findings = check({ amount: 520_000 });
    const cap = findingFor(findings, 'non-academic-amount-cap');
    expect(cap.message).toBe('本次收费5200元，超过了一次最多5000元的上限（多200元）。');
    expect(cap.source.document).toContain('教监管〔2022〕4号');
    expect(findingFor(findings, 'non-academic-prepaid-hours')).toMatchObject({
      outcome: 'not_applicable',
      needs: ['hours'],
      message: '输入课时数后可判断是否超过一次最多60课时的上限。',
    });
    expect(findingFor(findings, 'non-academic-prepaid-months').needs).toEqual(['months']);
    expect(findingFor(findings, 'supervised-account').needs).toEqual(['paymentMethod']);
    expect(findingFor(findings, 'no-training-loan').needs).toEqual(['financing']);
    expect(findingFor(findings, 'non-academic-offline-end').needs).toEqual(['classMode', 'classEndsAt']);
    // A rule for another category says so, and asks for nothing.
    expect(findingFor(findings, 'academic-prepaid-hours').needs).toBeUndefined();
  });

  it.each([
    [3, 'ok'],
    [4, 'breaks'],
  ] as const)('sports lessons over %s months and nothing else → %s', (months, expected) => {
    const findings = checkCharge({ category: 'sports', date: '2025-03-01', months }, national);
    expect(findingFor(findings, 'non-academic-prepaid-months').outcome).toBe(expected);
    expect(findingFor(findings, 'non-academic-amount-cap').needs).toEqual(['amount']);
  });

  it.each([
    [60, 'ok'],
    [61, 'breaks'],
  ] as const)('%s class hours alone → %s against the 60-hour limit', (hours, expected) => {
    expect(findingFor(check({ hours }), 'non-academic-prepaid-hours').outcome).toBe(expected);
  });

  it('works out the hours from the amount and the price per lesson, and the amount from the hours and the price, saying so', () => {
    const hours = findingFor(check({ amount: 610_000, pricePerLesson: 10_000 }), 'non-academic-prepaid-hours');
    expect(hours.outcome).toBe('breaks');
    expect(hours.message).toContain('推算，本次收费约包含61课时');
    expect(findingFor(check({ amount: 600_000, pricePerLesson: 10_000 }), 'non-academic-prepaid-hours').outcome).toBe('ok');
    const amount = findingFor(check({ hours: 50, pricePerLesson: 10_001 }), 'non-academic-amount-cap');
    expect(amount.outcome).toBe('breaks');
    expect(amount.message).toContain('按50课时×每课时100.01元推算，本次收费约5000.50元，超过了一次最多5000元的上限');
    expect(findingFor(check({ hours: 50, pricePerLesson: 10_000 }), 'non-academic-amount-cap').outcome).toBe('ok');
  });

  it('judges the payment channel alone, and a loan alone', () => {
    expect(findingFor(check({ paymentMethod: 'chat_app' }), 'supervised-account').outcome).toBe('breaks');
    expect(findingFor(check({ financing: 'training_loan' }), 'no-training-loan').outcome).toBe('breaks');
    expect(findingFor(check({ financing: 'none' }), 'no-training-loan').outcome).toBe('ok');
    expect(findingFor(check({ financing: 'training_loan' }), 'supervised-account').needs).toEqual(['paymentMethod']);
  });

  it('judges a class end time without the mode when either mode would agree, else asks for the mode', () => {
    const at = (classEndsAt: string) => check({ classEndsAt });
    expect(findingFor(at('20:30'), 'non-academic-offline-end').outcome).toBe('ok');
    expect(findingFor(at('20:30'), 'non-academic-online-end').outcome).toBe('ok');
    const late = at('20:31');
    expect(findingFor(late, 'non-academic-offline-end')).toMatchObject({ outcome: 'not_applicable', needs: ['classMode'] });
    expect(findingFor(late, 'non-academic-online-end').outcome).toBe('ok');
    expect(findingFor(check({ classEndsAt: '20:31', classMode: 'offline' }), 'non-academic-offline-end').outcome).toBe('breaks');
    expect(findingFor(check({ classMode: 'offline' }), 'non-academic-offline-end').needs).toEqual(['classEndsAt']);
  });

  it('without a district applies the city-wide rows only', () => {
    const tightened: FeeRule[] = FeeRules.parse([
      ...national,
      { ...national.find((r) => r.id === 'non-academic-amount-cap')!, maxAmount: 300_000, districtCodes: ['411502'], source: { document: '浉河区收费指引', effectiveFrom: '2025-01-01' } },
    ]);
    expect(findingFor(checkCharge(known({ amount: 400_000 }), tightened), 'non-academic-amount-cap').outcome).toBe('ok');
    expect(findingFor(checkCharge(known({ amount: 400_000, districtCode: '411502' }), tightened), 'non-academic-amount-cap').outcome).toBe('breaks');
  });
});

describe('amount: at most 5,000 yuan per collection for 非学科类, no cap for 学科类', () => {
  it.each([
    [499_999, 'ok', '本次收费4999.99元，未超过一次最多5000元的上限。'],
    [500_000, 'ok', '本次收费5000元，未超过一次最多5000元的上限。'],
    [500_001, 'breaks', '本次收费5000.01元，超过了一次最多5000元的上限（多0.01元）。'],
  ] as const)('sports, %i fen → %s', (amount, expected, message) => {
    const f = findingFor(checkCharge(charge({ amount }), national), 'non-academic-amount-cap');
    expect(f.outcome).toBe(expected);
    expect(f.message).toBe(message);
  });

  it.each(['arts', 'science'] as const)('applies to %s too', (category) => {
    expect(outcome(charge({ category, amount: 500_001 }), 'non-academic-amount-cap')).toBe('breaks');
  });

  it('does not cap 学科类', () => {
    const findings = checkCharge(charge({ category: 'academic', amount: 10_000_000, hours: 60 }), national);
    expect(findingFor(findings, 'non-academic-amount-cap').outcome).toBe('not_applicable');
    expect(findings.filter((f) => f.outcome === 'breaks')).toEqual([]);
  });
});

describe('guidance price: at most 10% above the base, no floor', () => {
  const guidance = (overrides: Partial<Extract<FeeRule, { check: 'guidance_price' }>> = {}): FeeRule => ({
    id: 'guidance-academic-411502',
    title: '政府指导价',
    check: 'guidance_price',
    categories: ['academic'],
    districtCodes: ['411502'],
    basePricePerHour: 5_000,
    maxAbovePercent: 10,
    source: { document: '测试用指导价', effectiveFrom: '2025-01-01' },
    ...overrides,
  });
  const academic = (overrides: Partial<ChargeInput> = {}) => charge({ category: 'academic', ...overrides });

  it.each([
    [3_000, 'ok'], // below the base: no floor
    [5_000, 'ok'], // at the base
    [5_500, 'ok'], // base + 10%
    [5_501, 'breaks'], // base + 10% + 1 fen
  ] as const)('%i fen per class hour → %s', (pricePerLesson, expected) => {
    expect(outcome(academic({ pricePerLesson }), 'guidance-academic-411502', [guidance()])).toBe(expected);
  });

  it('rounds a fractional ceiling down: base 33.33 yuan + 10% allows 36.66, not 36.67', () => {
    const rules = [guidance({ basePricePerHour: 3_333 })];
    expect(outcome(academic({ pricePerLesson: 3_666 }), 'guidance-academic-411502', rules)).toBe('ok');
    expect(outcome(academic({ pricePerLesson: 3_667 }), 'guidance-academic-411502', rules)).toBe('breaks');
  });

  it('checks the average when no per-hour price is given', () => {
    expect(outcome(academic({ pricePerLesson: undefined, hours: 60, amount: 330_000 }), 'guidance-academic-411502', [guidance()])).toBe('ok');
    expect(outcome(academic({ pricePerLesson: undefined, hours: 60, amount: 330_001 }), 'guidance-academic-411502', [guidance()])).toBe('breaks');
  });

  it('says the numbers', () => {
    const [f] = checkCharge(academic({ pricePerLesson: 5_501 }), [guidance()]);
    expect(f!.message).toBe('每课时55.01元；政府指导价基准价每课时50元，最多上浮10%，即每课时不超过55元，本次每课时高出0.01元。');
  });

  it('applies only in its district and category', () => {
    expect(checkCharge(academic({ districtCode: '411503', pricePerLesson: 9_999 }), [guidance()])).toEqual([]);
    expect(outcome(charge({ pricePerLesson: 9_999 }), 'guidance-academic-411502', [guidance()])).toBe('not_applicable');
  });
});

describe('payment method: into the supervised account, never a training loan', () => {
  const EXPECTED: Record<PaymentMethod, [account: string, loan: string]> = {
    supervised_account: ['ok', 'ok'],
    personal_transfer: ['breaks', 'ok'],
    chat_app: ['breaks', 'ok'],
    cash: ['breaks', 'ok'],
    // Issue 13: the institution's own account that is not the supervised one is outside it too.
    institution_account: ['breaks', 'ok'],
    other: ['not_applicable', 'ok'],
    // The value from before financing was asked separately: a loan, through an unknown channel.
    training_loan: ['not_applicable', 'breaks'],
  };

  it.each(PaymentMethods.keys)('%s', (paymentMethod) => {
    const findings = checkCharge(charge({ paymentMethod }), national);
    const [account, loan] = EXPECTED[paymentMethod];
    expect(findingFor(findings, 'supervised-account').outcome).toBe(account);
    expect(findingFor(findings, 'no-training-loan').outcome).toBe(loan);
    if (account === 'breaks') expect(findingFor(findings, 'supervised-account').message).toContain('体外循环');
  });

  it('applies to 学科类 as well', () => {
    expect(outcome(charge({ category: 'academic', paymentMethod: 'chat_app' }), 'supervised-account')).toBe('breaks');
  });

  // Asked separately from the channel: a loan can land in the supervised account and still be forbidden.
  it.each([
    ['none', 'ok', '未使用培训贷'],
    ['training_loan', 'breaks', '通过培训贷缴费'],
    ['instalment_lender', 'breaks', '实质是培训贷'],
    ['instalment_institution', 'ok', '不属于培训贷'],
    ['unknown', 'not_applicable', '请查看合同和付款记录'],
  ] as const)('financing %s → %s', (financing, loan, words) => {
    const findings = checkCharge(charge({ paymentMethod: 'supervised_account', financing }), national);
    expect(findingFor(findings, 'no-training-loan')).toMatchObject({ outcome: loan, source: { document: expect.stringContaining('教监管函〔2021〕2号') } });
    expect(findingFor(findings, 'no-training-loan').message).toContain(words);
    expect(findingFor(findings, 'supervised-account').outcome).toBe('ok');
  });

  it('reads a training loan paid by chat transfer as two breaches, each citing its rule', () => {
    const findings = checkCharge(charge({ paymentMethod: 'chat_app', financing: 'training_loan' }), national);
    expect(findings.filter((f) => f.outcome === 'breaks').map((f) => [f.rule, f.source.effectiveFrom])).toEqual([
      ['supervised-account', '2021-10-29'],
      ['no-training-loan', '2021-10-29'],
    ]);
  });

  it('lets a jurisdiction configure which financing breaks the rule', () => {
    const loanRule = national.find((r) => r.id === 'no-training-loan')!;
    const strict = { ...loanRule, forbiddenFinancing: ['training_loan', 'instalment_lender', 'instalment_institution'] } as typeof loanRule;
    expect(outcome(charge({ financing: 'instalment_institution' }), 'no-training-loan', [strict])).toBe('breaks');
  });
});

describe('versions: a charge is judged by the rules in force on its day', () => {
  it('applies the 5,000 yuan cap from the day 教监管〔2022〕4号 took effect, not the day before', () => {
    const before = checkCharge(charge({ date: '2022-12-27', amount: 600_000 }), national);
    const onTheDay = checkCharge(charge({ date: '2022-12-28', amount: 600_000 }), national);
    expect(before.map((f) => f.rule)).not.toContain('non-academic-amount-cap');
    expect(findingFor(onTheDay, 'non-academic-amount-cap').outcome).toBe('breaks');
    expect(findingFor(before, 'non-academic-prepaid-hours').source.document).toContain('教监管函〔2021〕2号');
    expect(findingFor(onTheDay, 'non-academic-prepaid-hours').source.document).toContain('教监管〔2022〕4号');
  });

  it('knows no rule before the first one', () => {
    expect(rulesInForce(national, '2021-10-28')).toEqual([]);
    expect(rulesInForce(national, '2021-10-29').map((r) => r.id)).toContain('supervised-account');
  });

  it('takes a local tightening as one more row with the same id', () => {
    const tightened = FeeRules.parse([
      ...national,
      { ...national.find((r) => r.id === 'non-academic-amount-cap')!, maxAmount: 300_000, source: { document: '某地收紧', effectiveFrom: '2025-09-01' } },
    ]);
    expect(outcome(charge({ date: '2025-08-31', amount: 400_000 }), 'non-academic-amount-cap', tightened)).toBe('ok');
    expect(outcome(charge({ date: '2025-09-01', amount: 400_000 }), 'non-academic-amount-cap', tightened)).toBe('breaks');
    expect(outcome(charge({ date: '2025-09-01T01:00:00+08:00', amount: 400_000 }), 'non-academic-amount-cap', tightened)).toBe('breaks');
    expect(outcome(charge({ date: '2025-08-31T16:30:00Z', amount: 400_000 }), 'non-academic-amount-cap', tightened)).toBe('breaks'); // 00:30 on 9-01 in Beijing
  });

  it('reads every number from the configuration', () => {
    const strict: FeeRule[] = [{ id: 'h', title: '课时', check: 'max_prepaid_hours', categories: ['sports'], maxHours: 40, source: { document: 'x', effectiveFrom: '2020-01-01' } }];
    expect(outcome(charge({ hours: 41 }), 'h', strict)).toBe('breaks');
    expect(outcome(charge({ hours: 40 }), 'h', strict)).toBe('ok');
  });

  it('rejects a version that changes what a rule checks', () => {
    expect(() => FeeRules.parse([...national, { ...national[0]!, check: 'no_training_loan', source: { document: 'x', effectiveFrom: '2030-01-01' } }])).toThrow(
      /changes its check/,
    );
  });
});

describe('checkCharge input', () => {
  it('takes integer fen only', () => {
    expect(() => checkCharge(charge({ amount: 100.5 }), national)).toThrow(RangeError);
    expect(() => checkCharge(charge({ amount: -1 }), national)).toThrow(RangeError);
    expect(() => checkCharge(charge({ coursePeriod: { from: '2025-03-02', to: '2025-03-01' } }), national)).toThrow(RangeError);
  });

  it('formats yuan', () => {
    expect([0, 5, 100, 499_999, 500_000, 500_001].map(formatYuan)).toEqual(['0元', '0.05元', '1元', '4999.99元', '5000元', '5000.01元']);
  });
});

describe('estimateRefund', () => {
  const refund = (overrides: Partial<RefundInput> = {}): RefundInput => ({
    amountPaid: 300_000,
    lessonsBought: 30,
    lessonsConsumed: 10,
    pricePerLesson: 10_000,
    contractOn: '2025-03-01',
    today: '2025-04-15',
    ...overrides,
  });

  it('refunds the unconsumed lessons at the contract price', () => {
    const r = estimateRefund(refund(), refundRules);
    expect(r).toMatchObject({ unconsumedLessons: 20, owed: 200_000, fullRefundWindowApplies: false });
    expect(r.basis[0]!.message).toContain('未上20课时');
    expect(r.basis[0]!.message).toContain('2000元');
  });

  it('never owes more than was paid', () => {
    const r = estimateRefund(refund({ amountPaid: 150_000 }), refundRules);
    expect(r.owed).toBe(150_000);
    expect(r.basis.map((b) => b.message).join()).toContain('以实付金额为上限');
    expect(r.basis.map((b) => b.message).join()).toContain('按实付金额折算，未上课时对应1000元');
  });

  it('without the contract price, shares what was paid over the lessons bought, and says what else to enter', () => {
    const r = estimateRefund(refund({ pricePerLesson: undefined, amountPaid: 280_000 }), refundRules);
    // 2,800 yuan for 30 lessons, 20 not taken: 2800 × 20 ÷ 30 = 1866.66 yuan (rounded down to the fen).
    expect(r).toMatchObject({ unconsumedLessons: 20, owed: 186_666, fullRefundWindowApplies: false });
    expect(r.basis[0]!.message).toContain('没有填写合同单价，按实付金额折算，未上课时对应1866.66元');
    expect(r.basis[0]!.message).toContain('填写合同上的每课时单价后，可按单价核对');
    expect(r.basis[0]!.source.document).toContain('GF—2021—2604');
    // The full-refund window still decides when it applies.
    const inWindow = estimateRefund(refund({ pricePerLesson: undefined, firstClassOn: '2025-04-14', fullRefundWindow: { daysBefore: 3, daysAfter: 7 } }), refundRules);
    expect(inWindow).toMatchObject({ owed: 300_000, fullRefundWindowApplies: true });
  });

  it('never owes less than nothing', () => {
    const r = estimateRefund(refund({ lessonsConsumed: 35 }), refundRules);
    expect(r).toMatchObject({ unconsumedLessons: 0, owed: 0 });
  });

  it('says there is no statutory cooling-off period, and cites the model contract', () => {
    const r = estimateRefund(refund(), refundRules);
    const coolingOff = r.basis.find((b) => b.message.includes('冷静期'));
    expect(coolingOff?.message).toContain('国家没有规定统一的“冷静期”');
    expect(coolingOff?.source.document).toContain('GF—2021—2604');
  });

  describe('the full-refund window the contract sets (3 days before to 7 after the first class on 3-10)', () => {
    const inWindow = (today: string) =>
      estimateRefund(refund({ firstClassOn: '2025-03-10', fullRefundWindow: { daysBefore: 3, daysAfter: 7 }, lessonsConsumed: 2, today }), refundRules);

    it.each([
      ['2025-03-06', false],
      ['2025-03-07', true],
      ['2025-03-10', true],
      ['2025-03-17', true],
      ['2025-03-18', false],
    ] as const)('asked on %s → window applies: %s', (today, applies) => {
      const r = inWindow(today);
      expect(r.fullRefundWindowApplies).toBe(applies);
      expect(r.owed).toBe(applies ? 300_000 : 280_000);
    });

    it('cannot tell without the first class date', () => {
      const r = estimateRefund(refund({ fullRefundWindow: { daysBefore: 3, daysAfter: 7 } }), refundRules);
      expect(r.fullRefundWindowApplies).toBe(false);
      expect(r.basis.map((b) => b.message).join()).toContain('没有填写首次上课日期');
    });
  });

  it('takes whole numbers only', () => {
    expect(() => estimateRefund(refund({ amountPaid: 1.5 }), refundRules)).toThrow(RangeError);
    expect(() => estimateRefund(refund({ lessonsBought: -1 }), refundRules)).toThrow(RangeError);
  });
});

describe('refundDates', () => {
  it('counts 5 working days of institution silence across National Day, then suggests when to complain', () => {
    // Friday 9-26: 9-28 (make-up Sunday), 9-29, 9-30, 10-09, 10-10 → agreed if silent; then 10-11 (make-up), 10-13 … 10-16.
    const d = refundDates({ requestedOn: '2025-09-26T20:00:00+08:00', calendar: cn }, refundRules);
    expect(d.institutionAnswerBy).toBe('2025-10-10T15:59:59.000Z');
    expect(d.deemedAgreedAfter).toBe('2025-10-10');
    expect(d.escalateIfUnpaidBy).toBe('2025-10-16');
    expect(d.basis[0]!.message).toBe('机构应在5个工作日内、即2025-10-10（含）前答复退费申请；逾期不答复的，平台视为同意退费。');
    expect(d.basis[0]!.source).toEqual(refundRules.institutionSilence.source);
    expect(d.basis[1]!.source).toBeUndefined();
  });

  it('warns when the dates run past the holidays it knows', () => {
    const d = refundDates({ requestedOn: '2026-12-20', calendar: cn }, refundRules);
    expect(d.escalateIfUnpaidBy).toBe('2027-01-01');
    expect(d.basis.at(-1)!.message).toContain('尚未收录');
  });
});
