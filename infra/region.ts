/**
 * What the target region can do, decided once from its name at the app entry
 * and handed to the constructs as plain props. The constructs never look at the
 * region themselves. Findings and sources: docs/deploy.md, "What differs in China".
 */

export type Partition = 'aws' | 'aws-cn';

/** An AWS managed rule group for the API's web ACL (vendor AWS). */
export interface ManagedRuleGroup {
  name: string;
  /** Web ACL capacity units it costs (the limit for a web ACL is 1,500). */
  wcu: number;
}

export interface RegionCapabilities {
  partition: Partition;
  /**
   * How CloudFront reads the private site bucket. Origin access control is the
   * current way; the China partition has no AWS::CloudFront::OriginAccessControl,
   * so there it is the older origin access identity.
   */
  siteOriginAccess: 'oac' | 'oai';
  /**
   * Whether CloudFront accepts cache, origin-request and response-headers policies.
   * CloudFront in China rejects CachePolicyId ("The parameter CachePolicyId can't be set
   * for this region", aws/aws-cdk#13584, #31033); the policies are one family of the
   * 2020-05-31 API and the AWS China "Getting Started" page for CloudFront documents no
   * response-headers policies there, so in China none is used: behaviours use the legacy
   * ForwardedValues and TTL settings, and pages carry their CSP as a <meta> element
   * (docs/deploy.md, "Security headers by partition"). `-c cloudFrontPolicies=true` turns
   * them on once tried on a China account.
   */
  cloudFrontPolicies: boolean;
  /**
   * CloudFront Functions (the directory-index rewrite). The AWS China CloudFront developer guide
   * carries the CloudFront Functions pages of the global guide, but the China "Getting Started"
   * page does not list them among the features offered and Lambda@Edge is absent there; off in
   * China until tried: the publisher writes each page under `path/` as well (docs/deploy.md).
   */
  cloudFrontFunctions: boolean;
  /** CloudFront in China serves IPv4 only. */
  cloudFrontIpv6: boolean;
  /** Graviton Lambda: listed for both China regions (an AWS Arm64 Lambda layer is published there). */
  lambdaArchitecture: 'arm64' | 'x86_64';
  /**
   * Where the app finds the viewer's address (CLIENT_IP_SOURCE, functions/auth):
   * `connection` | `header:<name>` | `xff:<n>` (the n-th X-Forwarded-For entry from the right).
   * Behind CloudFront and a REST API, X-Forwarded-For arrives as `<whatever the client sent>,
   * <viewer>, <CloudFront's origin-facing address>`: CloudFront appends the viewer's address and
   * API Gateway appends the address that connected to it (both append on the right, "trusted
   * proxies … append the true client's ip address to the rightmost position",
   * https://speedrun.nobackspacecrew.com/blog/2026/03/06/obtaining-caller-ip-address-with-lambda-furls.html;
   * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/adding-cloudfront-headers.html).
   * So `xff:2` in both partitions. CloudFront-Viewer-Address would be cleaner in the global
   * partition but reaches the origin only through an origin request policy
   * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/origin-request-understand-origin-request-policy.html),
   * which China lacks; one rule for both keeps the rate limits the same everywhere.
   */
  clientIpSource: string;
  /**
   * AWS managed rule groups for the API's regional web ACL. Both lists are groups AWS documents
   * for every region with WAF; in China "AWS WAF is supported at a regional level only" and of
   * the managed groups only Bot Control's targeted level is named as missing
   * (https://docs.amazonaws.cn/en_us/aws/latest/userguide/waf.html), and Bot Control is not
   * used here. Kept per partition so a group that turns out absent can be dropped for one.
   */
  wafManagedRuleGroups: readonly ManagedRuleGroup[];
}

/** The baseline groups: OWASP-style common rules, known bad inputs, IP reputation. */
const BASELINE_RULE_GROUPS: readonly ManagedRuleGroup[] = [
  { name: 'AWSManagedRulesAmazonIpReputationList', wcu: 25 },
  { name: 'AWSManagedRulesCommonRuleSet', wcu: 700 },
  { name: 'AWSManagedRulesKnownBadInputsRuleSet', wcu: 200 },
];

export function partitionOf(region: string): Partition {
  return region.startsWith('cn-') ? 'aws-cn' : 'aws';
}

export function isChinaRegion(region: string): boolean {
  return partitionOf(region) === 'aws-cn';
}

/** The defaults for a region, with any overrides given at the app entry. */
export function regionCapabilities(region: string, overrides: Partial<Omit<RegionCapabilities, 'partition'>> = {}): RegionCapabilities {
  const china = isChinaRegion(region);
  return {
    partition: partitionOf(region),
    siteOriginAccess: china ? 'oai' : 'oac',
    cloudFrontPolicies: !china,
    cloudFrontFunctions: !china,
    cloudFrontIpv6: !china,
    lambdaArchitecture: 'arm64',
    clientIpSource: 'xff:2',
    wafManagedRuleGroups: BASELINE_RULE_GROUPS,
    ...overrides,
  };
}
