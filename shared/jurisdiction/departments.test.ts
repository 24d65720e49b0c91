import { describe, expect, it } from 'vitest';
import { departmentId, departmentsOf } from './departments.ts';
import { Jurisdiction } from './types.ts';
import { xinyang } from './xinyang.ts';

describe('department contacts come from the configuration', () => {
  it('gives a configured department its own phone, address and hours, and the others the stand-in, marked as such', () => {
    const id = departmentId('culture', '411502');
    const j = Jurisdiction.parse({
      ...xinyang,
      departmentContacts: { [id]: { phone: '0376-1234567', address: '浉河区某路1号', officeHours: '工作日 8:30-12:00, 14:30-17:30' } },
    });
    const departments = departmentsOf(j);
    expect(departments.find((d) => d.id === id)).toMatchObject({ phone: '0376-1234567', address: '浉河区某路1号', officeHours: '工作日 8:30-12:00, 14:30-17:30' });
    expect(departments.find((d) => d.id === id)!.contactPlaceholder).toBeUndefined();
    expect(departments.find((d) => d.id === departmentId('education', '411502'))).toMatchObject({ phone: '12345', contactPlaceholder: true });
  });

  it('refuses a site identity without its filings', () => {
    expect(Jurisdiction.safeParse({ ...xinyang, site: { ...xinyang.site, icpFiling: undefined } }).success).toBe(false);
  });
});
