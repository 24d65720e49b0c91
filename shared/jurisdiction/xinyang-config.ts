import { CN_NATIONAL_CALENDAR } from './calendar-cn.ts';
import { DISTRICTS, JURISDICTION_NAMES } from './districts.ts';
import { NATIONAL_FEE_RULES, NATIONAL_REFUND_RULES } from './fee-rules.ts';
import { XINYANG_ROUTING } from './routing-xinyang.ts';
import { DEMO_FALLBACK_CONTACT, DEMO_SITE_FILINGS } from './site-identity.ts';
import { DEFAULT_RISK_THRESHOLDS } from './risk-thresholds.ts';
import { SUPERVISION } from './supervision.ts';

/**
 * 信阳市 (Xinyang, Henan): the demo jurisdiction. Supervision follows
 * 信双减办〔2023〕5号 (教育体育 for 学科类 and 体育类, 文广旅 for 文化艺术类, 科技 for 科技类).
 * Its calendar is the national one (calendar-cn.ts), its routing table is in
 * routing-xinyang.ts and its fee rules are the national ones (fee-rules.ts):
 * Xinyang adds no local thresholds that we know of.
 */
const supervision = SUPERVISION['411500'];

/** The configuration as written; ./xinyang.ts parses it (./parse.ts), index.ts parses it if served or asked for. */
export const XINYANG_CONFIG = {
  code: '411500',
  name: JURISDICTION_NAMES['411500'],
  province: '河南省',
  districts: DISTRICTS['411500'],
  supervision,
  supervisionSource: { document: '信双减办〔2023〕5号', effectiveFrom: '2023-11-01' },
  calendar: CN_NATIONAL_CALENDAR,
  routing: { supervision, ...XINYANG_ROUTING },
  feeRules: NATIONAL_FEE_RULES,
  refundRules: NATIONAL_REFUND_RULES,
  riskThresholds: DEFAULT_RISK_THRESHOLDS,
  // A safety notice goes public only when a second publisher approves it.
  notices: { approvalRequired: true },
  // A demo: no filings, no departments' own numbers. Each placeholder says so where it is shown.
  site: {
    sponsor: '信阳市“双减”工作协调机制办公室',
    ...DEMO_SITE_FILINGS,
  },
  fallbackContact: DEMO_FALLBACK_CONTACT,
};
