/**
 * What the target region can do, decided once from its name at the app entry
 * and handed to the constructs as plain props. The constructs never look at the
 * region themselves. Findings and sources: docs/deploy.md, "What differs in China".
 */

export type Partition = 'aws' | 'aws-cn';

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
   * CloudFront in China rejects CachePolicyId ("can't be set for this region"), so
   * there behaviours use the legacy ForwardedValues and TTL settings instead. We
   * could not confirm response-headers policies either way for China, so they go
   * with the other policies; `-c cloudFrontPolicies=true` turns them on once tested.
   */
  cloudFrontPolicies: boolean;
  /** CloudFront Functions (the directory-index rewrite). Not confirmed for China: off there until tested. */
  cloudFrontFunctions: boolean;
  /** CloudFront in China serves IPv4 only. */
  cloudFrontIpv6: boolean;
  /** Graviton Lambda: listed for both China regions (an AWS Arm64 Lambda layer is published there). */
  lambdaArchitecture: 'arm64' | 'x86_64';
}

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
    ...overrides,
  };
}
