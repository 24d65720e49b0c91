import { describe, expect, it } from 'vitest';
import { InstitutionStatuses } from '../vocabulary.ts';
import { badge, outcomeBadge, statusBadge } from './status-badge.ts';

describe('statusBadge', () => {
  it('shows colour, a hidden icon and the words together', () => {
    expect(String(statusBadge('approved'))).toBe(`<span class="status-badge status-badge--good"><span class="status-badge__icon" aria-hidden="true">✓</span>${InstitutionStatuses.label('approved')}</span>`);
    expect(String(statusBadge('revoked'))).toContain('status-badge--danger');
  });

  it('escapes its words', () => {
    expect(String(badge('warning', '!', '<x>'))).toContain('&lt;x&gt;');
  });

  it("shows a rule's outcome the same way on the checker and the receipt", () => {
    expect(String(outcomeBadge('breaks', '不符合'))).toBe('<span class="status-badge status-badge--danger"><span class="status-badge__icon" aria-hidden="true">✕</span>不符合</span>');
    expect(String(outcomeBadge('not_applicable', '不适用'))).toContain('status-badge--warning');
  });
});
