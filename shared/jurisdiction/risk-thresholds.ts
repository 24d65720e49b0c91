/**
 * 风险台账的预警线: when the risk ledger (functions/cases/risk-ledger.ts)
 * flags an institution for review. Neither city publishes figures that we
 * know of; the document below asks for a ledger of institutions where
 * refund disputes concentrate and one plan per institution (一企一策), not
 * for numbers. These are the service's defaults, each jurisdiction's to set
 * in its own module (xinyang.ts, xiangyuan.ts) with its basis.
 */
import type { RiskThresholds } from './types.ts';

export const DEFAULT_RISK_THRESHOLDS: RiskThresholds = {
  openDisputes: 3,
  amountInDispute: 3_000_000,
  recentComplaints: 5,
  recentMonths: 3,
  basis: '舞教组秘〔2022〕3号 五(四)：对退费纠纷集中的机构形成风险台账，一企一策。预警线为本平台默认值（3件未结退费纠纷、争议金额3万元、近3个月5件投诉），请按本地实际调整。',
};
