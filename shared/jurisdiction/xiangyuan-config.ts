import { CN_NATIONAL_CALENDAR } from './calendar-cn.ts';
import { DISTRICTS, JURISDICTION_NAMES } from './districts.ts';
import { NATIONAL_FEE_RULES, NATIONAL_REFUND_RULES } from './fee-rules.ts';
import { XIANGYUAN_ROUTING } from './routing-xiangyuan.ts';
import { DEMO_FALLBACK_CONTACT, DEMO_SITE_FILINGS } from './site-identity.ts';
import { DEFAULT_RISK_THRESHOLDS } from './risk-thresholds.ts';
import { SUPERVISION } from './supervision.ts';

/**
 * 襄垣县 (Xiangyuan county, Changzhi, Shanxi; GB/T 2260 140423): the second
 * jurisdiction, a worked example of configuring a different division of
 * duties (routing-xiangyuan.ts). A county is its own only district.
 * Department names follow the county's working group (四、1).
 */
const supervision = SUPERVISION['140423'];

/** The configuration as written; ./xiangyuan.ts parses it (./parse.ts), index.ts parses it if served or asked for. */
export const XIANGYUAN_CONFIG = {
  code: '140423',
  name: JURISDICTION_NAMES['140423'],
  province: '山西省',
  districts: DISTRICTS['140423'],
  supervision,
  supervisionSource: { document: '襄垣县暑期校外培训专项治理行动实施方案', effectiveFrom: '2023-07-10' },
  calendar: CN_NATIONAL_CALENDAR,
  routing: { supervision, ...XIANGYUAN_ROUTING },
  feeRules: NATIONAL_FEE_RULES,
  refundRules: NATIONAL_REFUND_RULES,
  riskThresholds: DEFAULT_RISK_THRESHOLDS,
  departmentNames: {
    education: '教育局',
    sports: '卫生健康和体育局',
    health: '卫生健康和体育局',
    approval: '行政审批局',
    cyberspace: '网络安全中心',
    fire: '消防救援大队',
  },
  // A demo: no filings, no departments' own numbers. Each placeholder says so where it is shown.
  site: {
    sponsor: '襄垣县“双减”工作协调机制办公室',
    ...DEMO_SITE_FILINGS,
  },
  fallbackContact: DEMO_FALLBACK_CONTACT,
};
