/**
 * What every jurisdiction's footer and contact lines share: the national
 * platform, the demo's filings (none yet, each placeholder saying so), and
 * the demo's stand-in contact for a department whose own phone is not
 * configured.
 *
 * The platform's address is the one the Ministry of Education publishes for
 * 全国校外教育培训监管与服务综合平台 (its 家长端 is an app; this is the website).
 */
export const NATIONAL_PLATFORM = { name: '全国校外教育培训监管与服务综合平台', url: 'https://xwpx.emis.edu.cn/' } as const;

/** The city's 12345 hotline stands in for a department's own phone in the demo, labelled as a stand-in wherever shown. */
export const DEMO_FALLBACK_CONTACT = { phone: '12345', officeHours: '全天（12345政务服务便民热线）', placeholder: true } as const;

/** A demo has no operator, filings or site code yet: each placeholder says so where it is shown (the sponsor is the jurisdiction's own). */
export const DEMO_SITE_FILINGS = {
  operator: '演示：承办单位待定',
  icpFiling: { text: '演示：未备案', placeholder: true },
  publicSecurityFiling: { text: '演示：未备案', placeholder: true },
  governmentSiteCode: { text: '演示：未取得', placeholder: true },
  nationalPlatform: NATIONAL_PLATFORM,
} as const;
