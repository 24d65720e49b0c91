/**
 * The case pages' pieces that need no database: the receipt and the
 * timeline as HTML (every value escaped, the 110 advice first for harm to a
 * child, each refund line with its rule), the form keys, and the OpenAPI
 * document's new routes.
 */
import { validate } from '@readme/openapi-parser';
import { describe, expect, it } from 'vitest';
import { t } from '#shared/i18n/zh-CN.ts';
import type { CaseReceipt, CaseTimeline } from '#shared/schemas/cases.ts';
import { createTestStore } from '../../test/support/app.ts';
import { createTestDb } from '../../test/support/db.ts';
import { createApp } from '../app.ts';
import { fieldId, newFormKey, receiptContent, timelineContent } from './case-pages.ts';

const receipt: CaseReceipt = {
  caseNumber: '2611-3852-0917-5',
  accessCode: 'K7QM-4XPD',
  type: 'complaint',
  kind: 'child_harm',
  submittedAt: '2026-11-20T02:00:00.000Z',
  leadDepartment: { id: 'police-411500', name: '信阳市公安局' },
  coHandling: [{ id: 'education-411502', name: '浉河区教育体育局' }],
  priority: 'emergency',
  acceptBy: '2026-11-20T04:00:00.000Z',
  concludeBy: '2026-11-21T02:00:00.000Z',
  nextSteps: [t.cases.receipt.keepSafe, '<script>alert(1)</script>'],
  emergency: t.cases.receipt.emergency,
};

describe('the receipt', () => {
  it('shows the case number and the code in groups, 110 before anything else, and escapes every value', async () => {
    const html = String(await receiptContent(receipt));
    expect(html).toContain('<p class="case-receipt__number"><span class="case-receipt__group">2611</span><span class="case-receipt__group">3852</span><span class="case-receipt__group">0917</span><span class="case-receipt__group">5</span></p>');
    expect(html).toContain('<span class="case-receipt__group">K7QM</span><span class="case-receipt__group">4XPD</span>');
    expect(html.indexOf('tel:110')).toBeLessThan(html.indexOf('<h1'));
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
    // Said once, in the warning beside the number, not again in the list.
    expect(html.split(t.cases.receipt.keepSafe)).toHaveLength(1);
    expect(html).toContain('<dd>2026年11月20日 12:00前</dd>');
    expect(html).toContain('<dd>紧急</dd>');
  });

  it('explains a refund line by line, each with its rule', async () => {
    const source = { document: '教监管〔2022〕4号', effectiveFrom: '2022-12-01' };
    const html = String(
      await receiptContent({
        ...receipt,
        type: 'refund_dispute',
        kind: undefined,
        emergency: undefined,
        refund: {
          estimate: { unconsumedLessons: 36, owed: 360_000, basis: [{ message: '未上的36课时按每课时100元计', source }], fullRefundWindowApplies: false },
          dates: { institutionAnswerBy: '2026-11-25T15:59:59.000Z', deemedAgreedAfter: '2026-11-25', escalateIfUnpaidBy: '2026-12-09', basis: [{ message: '5个工作日不答复视为同意' }] },
          chargeFindings: [{ rule: 'supervised_account', title: '钱应进入监管账户', outcome: 'breaks', message: '转账到个人账户不合规', source }],
          chargeBrokeRules: true,
          notes: [],
        },
      }),
    );
    expect(html).toContain(t.cases.receiptPage.owed('3600元'));
    expect(html).toContain('<li><p>未上的36课时按每课时100元计</p><p class="hint case-receipt__source">依据：教监管〔2022〕4号（施行日期：2022-12-01）</p></li>');
    expect(html).toContain(t.cases.receiptPage.chargeBroke(1));
    expect(html).toContain('2026年11月25日');
    expect(html).not.toContain('tel:110');
  });
});

describe('the timeline', () => {
  it('is the public steps, escaped, with Beijing times', async () => {
    const timeline: CaseTimeline = {
      caseNumber: '2611-3852-0917-5',
      type: 'complaint',
      state: 'submitted',
      stateLabel: '已提交',
      submittedAt: '2026-11-20T02:00:00.000Z',
      timeline: [{ at: '2026-11-20T02:00:00.000Z', title: '已收到', text: '<b>不是标记</b>' }],
    };
    const html = String(await timelineContent(timeline));
    expect(html).toContain('<time datetime="2026-11-20T02:00:00.000Z">2026年11月20日 10:00</time>');
    expect(html).toContain('&lt;b&gt;不是标记&lt;/b&gt;');
  });
});

describe('form keys and field ids', () => {
  it('makes a fresh 128-bit key each time, in the Idempotency-Key alphabet', () => {
    const keys = new Set(Array.from({ length: 100 }, newFormKey));
    expect(keys.size).toBe(100);
    for (const key of keys) expect(key).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('names fields’ elements as the page’s script does', () => {
    expect(fieldId('institution.unlistedName')).toBe('f-institution-unlistedName');
    expect(fieldId('kind')).toBe('f-kind');
  });
});

describe('the OpenAPI document', () => {
  it('describes the challenge and the staff attachment routes, and stays valid', async () => {
    const app = createApp({ db: await createTestDb(), store: createTestStore().store });
    const doc = (await (await app.request('/api/openapi.json')).json()) as { paths: Record<string, Record<string, { summary?: string }>> };
    expect(doc.paths['/api/challenge']?.get?.summary).toMatch(/proof-of-work/);
    expect(Object.keys(doc.paths['/api/admin/cases/{caseNumber}/attachments/{attachmentId}'] ?? {})).toEqual(['get']);
    expect(Object.keys(doc.paths['/api/admin/cases/{caseNumber}/attachments'] ?? {})).toEqual(['get']);
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid ? [] : result.errors).toEqual([]);
  });
});
