/**
 * The security headers every page of the site is served with, written once.
 * Two places apply them and both read this module, so they cannot drift:
 * - in AWS, CloudFront's response-headers policy (infra/constructs/site.ts);
 * - on one machine, the local server (functions/server.ts).
 * The API sets its own, stricter headers (functions/app.ts): it serves JSON, not pages.
 */

/** The site's CSP: scripts and styles from our own origin only, never inline scripts. */
export const SITE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/** Directives a `<meta http-equiv>` policy cannot carry (browsers ignore them there, per the CSP spec). */
export const HEADER_ONLY_CSP_DIRECTIVES = ['frame-ancestors', 'report-uri', 'report-to', 'sandbox'] as const;

/** A policy without its header-only directives: what a `<meta>` element can enforce. */
export function metaPolicy(policy: string): string {
  return policy
    .split(';')
    .map((d) => d.trim())
    .filter((d) => d && !(HEADER_ONLY_CSP_DIRECTIVES as readonly string[]).includes(d.split(/\s+/)[0]!.toLowerCase()))
    .join('; ');
}

/**
 * The site's CSP as every static page carries it in
 * `<meta http-equiv="Content-Security-Policy">` (site/src/layouts/Base.astro,
 * the console's AdminLayout.astro; published pages come from those shells):
 * where no response-headers policy can be attached (CloudFront in China), the
 * page still enforces it. Framing is refused by X-Frame-Options and the
 * header where they are sent (docs/deploy.md lists what each partition sends).
 */
export const SITE_META_CSP = metaPolicy(SITE_CSP);

/** Two years, with subdomains; not `preload` until the production domain is settled. */
export const HSTS_MAX_AGE_SECONDS = 63_072_000;

/** Browser features the site never uses, switched off. */
export const SITE_PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=(), payment=(), usb=()';

/** The values, in the shape CloudFront's policy wants them. */
export const siteSecurityHeaders = {
  contentSecurityPolicy: SITE_CSP,
  strictTransportSecurity: { maxAgeSeconds: HSTS_MAX_AGE_SECONDS, includeSubdomains: true },
  contentTypeOptions: 'nosniff',
  frameOptions: 'DENY',
  referrerPolicy: 'strict-origin-when-cross-origin',
  permissionsPolicy: SITE_PERMISSIONS_POLICY,
} as const;

/** The same values as header name and value pairs, as a server sends them. */
export const siteSecurityHeaderEntries: ReadonlyArray<readonly [name: string, value: string]> = [
  ['Content-Security-Policy', siteSecurityHeaders.contentSecurityPolicy],
  [
    'Strict-Transport-Security',
    `max-age=${siteSecurityHeaders.strictTransportSecurity.maxAgeSeconds}${siteSecurityHeaders.strictTransportSecurity.includeSubdomains ? '; includeSubDomains' : ''}`,
  ],
  ['X-Content-Type-Options', siteSecurityHeaders.contentTypeOptions],
  ['X-Frame-Options', siteSecurityHeaders.frameOptions],
  ['Referrer-Policy', siteSecurityHeaders.referrerPolicy],
  ['Permissions-Policy', siteSecurityHeaders.permissionsPolicy],
];
