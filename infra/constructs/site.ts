/**
 * The site: a private S3 bucket behind CloudFront, with the API on the same
 * origin under `/api/*`, as the local server serves them (functions/server.ts).
 *
 * - The bucket blocks all public access, refuses plain HTTP and logs every
 *   request to a separate log bucket; only this distribution can read it
 *   (origin access control, or an origin access identity where OAC is missing).
 * - Pages get the security headers from shared/http/security-headers.ts.
 * - `/api/*` goes to the REST API's stage (origin path `/live`) uncached, with every viewer header but Host;
 *   the paths the app answers outside it are listed once in infra/routes.ts
 *   (APP_PATHS): the public answers and per-request pages (`cached-read`) are
 *   cached only as long as the app's own Cache-Control allows (s-maxage=15),
 *   keyed by the query string; the case pages (`uncached`: forms that post to
 *   themselves) are treated as `/api/*` is: every method, the body, never cached.
 * - A missing page answers 404 with the site's /404.html.
 *
 * Where CloudFront has no cache/origin-request/response-headers policies
 * (China), behaviours fall back to the legacy ForwardedValues and TTL settings.
 */
import { Annotations, CfnOutput, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { siteSecurityHeaders } from '#shared/http/security-headers.ts';
import type { RegionCapabilities } from '../region.ts';
import { API_PATH, pathsOfKind } from '../routes.ts';

export interface SiteDomain {
  /** The names the site answers to, e.g. ['shouhu.example.cn']. In China they need an ICP filing. */
  names: string[];
  /** An ACM certificate in us-east-1 covering the names (global partition). */
  acmCertificateArn?: string;
  /** An IAM server certificate ID covering the names (China: CloudFront there cannot use ACM). */
  iamCertificateId?: string;
}

export interface ShouhuSiteProps {
  /** The API's host name (no scheme, no path). */
  apiOriginDomainName: string;
  /** Prepended to the path of every request to the API: the REST API's stage, `/live`. */
  apiOriginPath?: string;
  /** Headers CloudFront adds to every request to the API (the origin lock, infra/constructs/api.ts). */
  apiOriginHeaders?: Record<string, string>;
  capabilities: Pick<RegionCapabilities, 'siteOriginAccess' | 'cloudFrontPolicies' | 'cloudFrontFunctions' | 'cloudFrontIpv6'>;
  /** @default the CloudFront domain and certificate (global partition only; China needs a domain) */
  domain?: SiteDomain;
  /**
   * The built site (site/dist) to upload at deploy, without deleting what is
   * already in the bucket (pages published since). @default nothing uploaded
   */
  assetsDir?: string;
  /** @default PRICE_CLASS_200 (edges in Asia included) */
  priceClass?: cloudfront.PriceClass;
  /** Days the CloudFront and S3 access logs are kept. @default 180 (China's Cybersecurity Law: six months at least) */
  logRetentionDays?: number;
}

/** Headers CloudFront forwards to the API where it cannot use an origin-request policy: every one the app reads, never Host. */
export const API_FORWARDED_HEADERS = [
  'Accept',
  'Accept-Language',
  'Authorization',
  'Content-Type',
  'Idempotency-Key',
  'Origin',
  'Referer',
  // The staff API's CSRF checks (functions/auth/csrf.ts).
  'Sec-Fetch-Site',
  'User-Agent',
  'X-CSRF-Token',
];

/**
 * The public, cacheable answers of the app: search and public records (JSON), and the
 * pages it renders per request for browsers without JavaScript (HTML). From infra/routes.ts.
 */
export const PUBLIC_API_PATHS = pathsOfKind('cached-read');
/** Pages the app answers per request with forms posting to themselves: every method, never cached. From infra/routes.ts. */
export const UNCACHED_APP_PATHS = pathsOfKind('uncached');
const PUBLIC_API_MAX_TTL = Duration.minutes(1);

/** Published pages carry their own Cache-Control (15 s); the built shell, without one, gets five minutes. */
const PAGE_TTL = { min: Duration.seconds(0), default: Duration.minutes(5), max: Duration.days(1) };
/** Astro's hashed assets never change under the same name. */
const ASSET_TTL = { min: Duration.seconds(1), default: Duration.days(1), max: Duration.days(365) };

/**
 * The directory-index rewrite (CloudFront Functions, JS 2.0 runtime): the S3 REST
 * origin has no index documents, and Astro builds `/about/` as `about/index.html`.
 * `/about` (no extension, no slash) is redirected to `/about/` (astro.config: trailingSlash 'always').
 */
export const DIRECTORY_INDEX_FUNCTION = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri.endsWith('/')) {
    request.uri = uri + 'index.html';
    return request;
  }
  var last = uri.substring(uri.lastIndexOf('/') + 1);
  if (last.indexOf('.') !== -1) return request;
  var parts = [];
  var qs = request.querystring;
  for (var key in qs) {
    var values = qs[key].multiValue ? qs[key].multiValue : [qs[key]];
    for (var i = 0; i < values.length; i++) parts.push(values[i].value === '' ? key : key + '=' + values[i].value);
  }
  var location = uri + '/' + (parts.length ? '?' + parts.join('&') : '');
  return { statusCode: 301, statusDescription: 'Moved Permanently', headers: { location: { value: location } } };
}`;

export class ShouhuSite extends Construct {
  readonly bucket: s3.Bucket;
  readonly logBucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;

  constructor(scope: Construct, id: string, props: ShouhuSiteProps) {
    super(scope, id);
    const caps = props.capabilities;

    this.logBucket = new s3.Bucket(this, 'LogBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront standard logs are delivered with an ACL grant, so ACLs must stay enabled here.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(props.logRetentionDays ?? 180) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.logBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the bucket that receives the access logs of the site bucket and of CloudFront; logging it into itself would loop.',
    });

    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 's3/site/',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // Read and list: with ListBucket, S3 answers a missing key with 404 (not 403), which
    // CloudFront turns into the site's 404 page without touching the API's 403s.
    let siteOrigin: cloudfront.IOrigin;
    if (caps.siteOriginAccess === 'oac') {
      siteOrigin = origins.S3BucketOrigin.withOriginAccessControl(this.bucket, {
        originAccessLevels: [cloudfront.AccessLevel.READ, cloudfront.AccessLevel.LIST],
      });
    } else {
      const identity = new cloudfront.OriginAccessIdentity(this, 'OriginAccessIdentity', {
        comment: 'Reads the Shouhu site bucket for CloudFront',
      });
      this.bucket.addToResourcePolicy(
        new iam.PolicyStatement({
          actions: ['s3:ListBucket'],
          resources: [this.bucket.bucketArn],
          principals: [identity.grantPrincipal],
        }),
      );
      siteOrigin = origins.S3BucketOrigin.withOriginAccessIdentity(this.bucket, { originAccessIdentity: identity });
    }
    const apiOrigin = new origins.HttpOrigin(props.apiOriginDomainName, {
      protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
      // `/api/search` reaches the stage as `/live/api/search`; the app sees `/api/search`.
      ...(props.apiOriginPath ? { originPath: props.apiOriginPath } : {}),
      ...(props.apiOriginHeaders ? { customHeaders: props.apiOriginHeaders } : {}),
    });

    const policies = caps.cloudFrontPolicies
      ? {
          pages: new cloudfront.CachePolicy(this, 'PageCache', {
            comment: 'Site pages: as their Cache-Control says (published pages: 15 s), else five minutes',
            minTtl: PAGE_TTL.min,
            defaultTtl: PAGE_TTL.default,
            maxTtl: PAGE_TTL.max,
            enableAcceptEncodingGzip: true,
            enableAcceptEncodingBrotli: true,
          }),
          headers: new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
            comment: 'Security headers of every page: shared/http/security-headers.ts',
            securityHeadersBehavior: {
              contentSecurityPolicy: { contentSecurityPolicy: siteSecurityHeaders.contentSecurityPolicy, override: true },
              strictTransportSecurity: {
                accessControlMaxAge: Duration.seconds(siteSecurityHeaders.strictTransportSecurity.maxAgeSeconds),
                includeSubdomains: siteSecurityHeaders.strictTransportSecurity.includeSubdomains,
                override: true,
              },
              contentTypeOptions: { override: true },
              frameOptions: { frameOption: siteSecurityHeaders.frameOptions as cloudfront.HeadersFrameOption, override: true },
              referrerPolicy: {
                referrerPolicy: siteSecurityHeaders.referrerPolicy as cloudfront.HeadersReferrerPolicy,
                override: true,
              },
            },
            customHeadersBehavior: {
              customHeaders: [{ header: 'Permissions-Policy', value: siteSecurityHeaders.permissionsPolicy, override: true }],
            },
          }),
        }
      : undefined;

    // Public search answers carry `s-maxage=15` (docs/ARCHITECTURE.md): CloudFront keeps them as the
    // API says, keyed by the query string only; anything without such a header is not cached.
    const publicApiCache = policies
      ? new cloudfront.CachePolicy(this, 'PublicApiCache', {
          comment: 'Public API answers: cached only as their Cache-Control says, keyed by the query string',
          minTtl: Duration.seconds(0),
          defaultTtl: Duration.seconds(0),
          maxTtl: PUBLIC_API_MAX_TTL,
          queryStringBehavior: cloudfront.CacheQueryStringBehavior.all(),
          enableAcceptEncodingGzip: true,
          enableAcceptEncodingBrotli: true,
        })
      : undefined;

    const directoryIndex = caps.cloudFrontFunctions
      ? new cloudfront.Function(this, 'DirectoryIndex', {
          comment: 'Serve /path/ from path/index.html; redirect /path to /path/',
          code: cloudfront.FunctionCode.fromInline(DIRECTORY_INDEX_FUNCTION),
          runtime: cloudfront.FunctionRuntime.JS_2_0,
        })
      : undefined;

    const pageBehavior: cloudfront.BehaviorOptions = {
      origin: siteOrigin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
      compress: true,
      ...(policies ? { cachePolicy: policies.pages, responseHeadersPolicy: policies.headers } : {}),
      ...(directoryIndex
        ? { functionAssociations: [{ function: directoryIndex, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }] }
        : {}),
    };
    const uncachedApiBehavior: cloudfront.BehaviorOptions = {
      origin: apiOrigin,
      // No redirect: a POST redirected to https would arrive as a GET.
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      compress: true,
      ...(policies
        ? {
            cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
            originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          }
        : {}),
    };
    // The order of these keys is the order of the behaviours (used by the legacy overrides below).
    const additionalBehaviors: Record<string, cloudfront.BehaviorOptions> = {
      // Before /api/*: CloudFront takes the first pattern that matches.
      ...Object.fromEntries(
        PUBLIC_API_PATHS.map((path) => [
          path,
          {
            origin: apiOrigin,
            viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
            allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
            compress: true,
            ...(publicApiCache
              ? { cachePolicy: publicApiCache, originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER }
              : {}),
          },
        ]),
      ),
      // The case pages and the rest of the API: every method, the body, every viewer header but Host, never cached.
      ...Object.fromEntries([...UNCACHED_APP_PATHS, API_PATH].map((path) => [path, uncachedApiBehavior])),
      '/_astro/*': {
        origin: siteOrigin,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        compress: true,
        ...(policies ? { cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED, responseHeadersPolicy: policies.headers } : {}),
      },
    };

    const acmCertificate = props.domain?.acmCertificateArn
      ? acm.Certificate.fromCertificateArn(this, 'Certificate', props.domain.acmCertificateArn)
      : undefined;

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `Shouhu site and API (${Stack.of(this).stackName})`,
      defaultRootObject: 'index.html',
      defaultBehavior: pageBehavior,
      additionalBehaviors,
      // A missing page gets the site's 404 page. CloudFront applies this to every origin, so the
      // body of an API 404 is replaced too (its status stays 404): see docs/deploy.md.
      errorResponses: [
        { httpStatus: 404, responseHttpStatus: 404, responsePagePath: '/404.html', ttl: Duration.minutes(1) },
      ],
      httpVersion: cloudfront.HttpVersion.HTTP2,
      enableIpv6: caps.cloudFrontIpv6,
      priceClass: props.priceClass ?? cloudfront.PriceClass.PRICE_CLASS_200,
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'cloudfront/',
      ...(acmCertificate && props.domain
        ? {
            certificate: acmCertificate,
            domainNames: props.domain.names,
            minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
    });

    Validations.of(this.distribution).acknowledge({
      id: 'Annotation::@aws-cdk/aws-cloudfront-origins:listBucketSecurityRisk',
      reason: 'defaultRootObject is index.html, so a request for / never lists the bucket; ListBucket is there so missing keys answer 404.',
    });

    const cfn = this.distribution.node.defaultChild as cloudfront.CfnDistribution;
    if (props.domain?.iamCertificateId) {
      cfn.addPropertyOverride('DistributionConfig.Aliases', props.domain.names);
      cfn.addPropertyOverride('DistributionConfig.ViewerCertificate', {
        IamCertificateId: props.domain.iamCertificateId,
        SslSupportMethod: 'sni-only',
        MinimumProtocolVersion: 'TLSv1.2_2021',
      });
    }

    if (!policies) {
      useLegacyCacheSettings(cfn, 'DefaultCacheBehavior', { queryString: false, cookies: 'none', ttl: PAGE_TTL });
      const paths = Object.keys(additionalBehaviors);
      for (const path of PUBLIC_API_PATHS) {
        useLegacyCacheSettings(cfn, `CacheBehaviors.${paths.indexOf(path)}`, {
          queryString: true,
          cookies: 'none',
          ttl: { min: Duration.seconds(0), default: Duration.seconds(0), max: PUBLIC_API_MAX_TTL },
        });
      }
      for (const path of [...UNCACHED_APP_PATHS, API_PATH]) {
        useLegacyCacheSettings(cfn, `CacheBehaviors.${paths.indexOf(path)}`, {
          queryString: true,
          cookies: 'all',
          headers: API_FORWARDED_HEADERS,
          ttl: { min: Duration.seconds(0), default: Duration.seconds(0), max: Duration.seconds(0) },
        });
      }
      useLegacyCacheSettings(cfn, `CacheBehaviors.${paths.indexOf('/_astro/*')}`, { queryString: false, cookies: 'none', ttl: ASSET_TTL });
      Annotations.of(this).addWarningV2(
        'shouhu:site-headers-not-set',
        'CloudFront sets no security headers on pages here (no response-headers policies in this partition): pages carry their CSP in a <meta> element, without HSTS or frame protection; see docs/deploy.md, "Security headers by partition".',
      );
    }
    if (!directoryIndex) {
      Annotations.of(this).addWarningV2(
        'shouhu:directory-index',
        'No CloudFront Function here: /path/ is served only if the publisher also stores the page under the key "path/"; see docs/deploy.md.',
      );
    }

    if (props.assetsDir) {
      const deployment = new s3deploy.BucketDeployment(this, 'Shell', {
        sources: [s3deploy.Source.asset(props.assetsDir)],
        destinationBucket: this.bucket,
        // Pages published since the last deploy are not in site/dist: never delete them.
        prune: false,
        // No invalidation: it would need cloudfront:CreateInvalidation on "*". Pages expire
        // from the edge within PAGE_TTL (five minutes); assets have new names when they change.
        memoryLimit: 512,
      });
      if (!directoryIndex) this.copyDirectoryPages(props.assetsDir, deployment);
    }

    new CfnOutput(this, 'SiteDomainName', { value: this.distribution.distributionDomainName });
    new CfnOutput(this, 'SiteBucketName', { value: this.bucket.bucketName });
    new CfnOutput(this, 'DistributionId', { value: this.distribution.distributionId });

    const suppressions = [
      {
        id: 'AwsSolutions-CFR1',
        reason: 'No geo restriction by design: parents outside mainland China (abroad, Hong Kong, Macao) must reach the service too.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'The web ACL is on the API stage (REGIONAL, infra/constructs/api.ts), the only scope AWS WAF has in the China regions, so both partitions work alike; the distribution otherwise serves static pages from S3, which a rate limit on the page cache would not protect further.',
      },
    ];
    if (props.domain?.iamCertificateId) {
      suppressions.push({
        id: 'AwsSolutions-CFR4',
        reason:
          'Remediated by a property override that cdk-nag cannot see: the IAM server certificate is attached with SslSupportMethod sni-only and MinimumProtocolVersion TLSv1.2_2021 (CloudFront in China cannot use ACM, which the L2 construct expects).',
      });
    } else if (!props.domain) {
      suppressions.push({
        id: 'AwsSolutions-CFR4',
        reason:
          'Until a domain is configured (-c domainNames=… with a certificate), the distribution uses the default *.cloudfront.net certificate, whose security policy CloudFront fixes at TLSv1; with a domain, TLSv1.2_2021 applies.',
      });
    }
    if (caps.siteOriginAccess === 'oai') {
      suppressions.push({
        id: 'AwsSolutions-CFR7',
        reason:
          'The China partition has no CloudFront origin access control (AWS::CloudFront::OriginAccessControl is unrecognised there); an origin access identity restricts the bucket to this distribution instead.',
      });
    }
    for (const suppression of suppressions) Validations.of(this.distribution).acknowledge(suppression);
  }

  /**
   * Without a CloudFront Function nothing turns `/notices/` into `notices/index.html`, and the S3
   * REST origin has no index documents: each built page is also copied to the key `notices/`
   * (S3 CopyObject keeps its Content-Type and Cache-Control), once the site is uploaded. The
   * upload itself cannot: it syncs files, and no file is named `notices/`. The publisher does the
   * same for the pages it writes. A page's copy runs again when the built page changes.
   */
  private copyDirectoryPages(assetsDir: string, deployment: s3deploy.BucketDeployment): void {
    const keys = directoryPageKeys(assetsDir);
    if (!keys.length) return;
    const policy = cr.AwsCustomResourcePolicy.fromStatements([
      new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject'], resources: [this.bucket.arnForObjects('*')] }),
    ]);
    for (const { key, hash } of keys) {
      const copy: cr.AwsSdkCall = {
        service: 'S3',
        action: 'copyObject',
        parameters: { Bucket: this.bucket.bucketName, CopySource: `${this.bucket.bucketName}/${key}index.html`, Key: key, MetadataDirective: 'COPY' },
        physicalResourceId: cr.PhysicalResourceId.of(`${key}@${hash}`),
      };
      const resource = new cr.AwsCustomResource(this, `DirectoryPage-${key.replace(/\//g, '-')}`, {
        onCreate: copy,
        onUpdate: copy,
        policy,
        installLatestAwsSdk: false,
      });
      resource.node.addDependency(deployment);
    }
    const handler = Stack.of(this).node.tryFindChild(`AWS${cr.AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, '')}`);
    if (handler) {
      for (const id of ['AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', 'AwsSolutions-L1']) {
        Validations.of(handler).acknowledge({
          id,
          reason: "aws-cdk-lib's AwsCustomResource handler (runtime and basic execution role chosen by aws-cdk-lib) copies each built page to its directory key at deploy time, in China only.",
        });
      }
    }
    for (const child of this.node.children.filter((c) => c.node.id.startsWith('DirectoryPage'))) {
      Validations.of(child).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket)}.Arn>/*]`,
        reason: "Copies each built page (`x/index.html`) to its directory key (`x/`): s3:GetObject and s3:PutObject on the site bucket's objects only, at deploy time.",
      });
    }
  }
}

/**
 * The directory keys the built site needs where CloudFront cannot rewrite `/x/` to `/x/index.html`:
 * one per `x/index.html` below the root (the root is `defaultRootObject`), page shells and Astro's
 * assets left out (no one visits them), each with a hash of the page so that a changed page is copied again.
 */
export function directoryPageKeys(assetsDir: string): { key: string; hash: string }[] {
  const out: { key: string; hash: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== '_astro' && entry.name !== 'shell') walk(path);
      } else if (entry.name === 'index.html' && dir !== assetsDir) {
        const key = `${relative(assetsDir, dir).split(sep).join('/')}/`;
        out.push({ key, hash: createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 16) });
      }
    }
  };
  walk(assetsDir);
  return out.sort((a, b) => a.key.localeCompare(b.key));
}

interface LegacyCacheSettings {
  queryString: boolean;
  cookies: 'none' | 'all';
  headers?: string[];
  ttl: { min: Duration; default: Duration; max: Duration };
}

/** Replaces a behaviour's cache policy with the legacy ForwardedValues and TTLs (CloudFront in China). */
function useLegacyCacheSettings(cfn: cloudfront.CfnDistribution, behavior: string, settings: LegacyCacheSettings) {
  const path = `DistributionConfig.${behavior}`;
  cfn.addPropertyDeletionOverride(`${path}.CachePolicyId`);
  cfn.addPropertyOverride(`${path}.ForwardedValues`, {
    QueryString: settings.queryString,
    Cookies: { Forward: settings.cookies },
    ...(settings.headers ? { Headers: settings.headers } : {}),
  });
  cfn.addPropertyOverride(`${path}.MinTTL`, settings.ttl.min.toSeconds());
  cfn.addPropertyOverride(`${path}.DefaultTTL`, settings.ttl.default.toSeconds());
  cfn.addPropertyOverride(`${path}.MaxTTL`, settings.ttl.max.toSeconds());
}
