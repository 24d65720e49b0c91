/**
 * Public summaries (what the search indexes) for search tests: `n` picks one of a few
 * names (one in traditional characters), districts, categories and statuses, so that
 * a few dozen of them give every kind of query something to find.
 */
import type { InstitutionSummary } from '#shared/schemas/institution.ts';
import { makeCreditCode } from './institution.ts';

export function makeSummary(n: number, overrides: Partial<InstitutionSummary> = {}): InstitutionSummary {
  return {
    id: `inst-${n}`,
    name: ['小天鹅舞蹈培训中心', '星辰机器人编程工作室', '啊哈数学', '信陽市書法藝術學校'][n % 4]! + n,
    formerNames: n % 3 === 0 ? [`浉河区艺术培训部${n}`] : [],
    initials: ['xtewdpxzx', 'xcjqrbcgzs', 'ahsx', 'xyssfysxx'].slice(n % 4, (n % 4) + 1),
    category: n % 2 ? 'arts' : 'science',
    profitType: 'non_profit',
    districtCode: n % 5 ? '411502' : '411503',
    address: `信阳市浉河区民权路${n}号`,
    status: n % 7 ? 'approved' : 'revoked',
    ...(n % 7 ? {} : { statusSince: '2026-03-01' }),
    licenceNumber: `教民1415027000${String(n).padStart(4, '0')}号`,
    licenceIssuer: n % 2 ? '浉河区文广旅局' : '浉河区教育体育局',
    licenceExpiresOn: '2027-01-01',
    scope: '舞蹈',
    creditCode: makeCreditCode(100 + n),
    supervisingDepartment: n % 2 ? 'culture' : 'education',
    updatedAt: '2026-11-01T00:00:00.000Z',
    ...overrides,
  };
}
