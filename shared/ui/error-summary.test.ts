import { describe, expect, it } from 'vitest';
import { t } from '../i18n/zh-CN.ts';
import { errorSummary, summaryItems } from './error-summary.ts';
import { fieldId } from './field-id.ts';

describe('errorSummary', () => {
  it('is announced, takes focus, and links each field error to its control, notices first', () => {
    const out = String(errorSummary({ items: summaryItems({ b: 'B 错', a: 'A <错>', _: '整体' }, ['a', 'b'], (n) => fieldId(n), ['通知']) }));
    expect(out).toContain('role="alert" aria-labelledby="error-summary-title" tabindex="-1" autofocus data-error-summary');
    expect(out).toContain(`<h2 class="error-summary__title" id="error-summary-title">${t.kit.errorSummaryTitle}</h2>`);
    expect(out.replace(/\s+/g, '')).toContain('<li>通知</li><li>整体</li><li><ahref="#f-a">A&lt;错&gt;</a></li><li><ahref="#f-b">B错</a></li>');
  });

  it('is nothing when nothing is wrong, and an empty hidden box for a script when asked', () => {
    expect(String(errorSummary({ items: [] }))).toBe('');
    const empty = String(errorSummary({ items: [], id: 'inst-errors', hidden: true }));
    expect(empty).toContain('id="inst-errors" role="alert" aria-labelledby="inst-errors-title" tabindex="-1" hidden data-error-summary');
    expect(empty).not.toContain('autofocus');
    expect(empty).toContain('data-error-list');
  });

  it('shows an error of a field not on the form as text, never drops it', () => {
    expect(summaryItems({ page: '页码不对', q: '太长' }, ['q'], (n) => `search-${n}`)).toEqual([{ message: '页码不对' }, { message: '太长', fieldId: 'search-q' }]);
  });
});
