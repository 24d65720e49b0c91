/**
 * What every jurisdiction's footer and contact lines share: the national
 * platform, and the demo's stand-in contact for a department whose own phone
 * is not configured.
 *
 * The platform's address is the one the Ministry of Education publishes for
 * 全国校外教育培训监管与服务综合平台 (its 家长端 is an app; this is the website).
 */
export const NATIONAL_PLATFORM = { name: '全国校外教育培训监管与服务综合平台', url: 'https://xwpx.emis.edu.cn/' } as const;

/** The city's 12345 hotline stands in for a department's own phone in the demo, labelled as a stand-in wherever shown. */
export const DEMO_FALLBACK_CONTACT = { phone: '12345', officeHours: '全天（12345政务服务便民热线）', placeholder: true } as const;
