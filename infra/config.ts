/**
 * The deployment's configuration, read once from CDK context at the app entry
 * (`npx cdk synth -c stage=prod -c region=cn-north-1 …`), checked, and turned
 * into the stack's props. Every key has a default, so a bare `npx cdk synth` works.
 *
 * | context key            | default        | meaning |
 * | ---------------------- | -------------- | ------- |
 * | stage                  | dev            | dev, staging, prod…: stack name `Shouhu-<stage>` |
 * | region                 | cn-north-1     | target region; `cn-*` means the aws-cn partition |
 * | account                | the CLI's      | target account (CDK_DEFAULT_ACCOUNT when the CLI has credentials) |
 * | domainNames            | (none)         | comma-separated names the site answers to |
 * | acmCertificateArn      | (none)         | certificate for domainNames, in us-east-1 (global partition) |
 * | iamCertificateId       | (none)         | IAM server certificate for domainNames (China) |
 * | deploySite             | true           | upload site/dist at deploy when it exists |
 * | lambdaArchitecture     | arm64          | override: x86_64 |
 * | cloudFrontPolicies     | true, China false | override once tested in China |
 * | cloudFrontFunctions    | true, China false | override once tested in China |
 * | casesRetentionDays     | 365            | days after a case closes before its personal data is purged |
 * | logRetentionDays       | 180            | days every log (log groups, CloudFront/S3 logs, the trail) is kept; at least 180 (Cybersecurity Law) |
 * | alarmEmail             | (none)         | an address subscribed to the alarm topic (confirm the mail AWS sends) |
 * | backupRetentionDays    | 35             | days each daily backup (and its copy) is kept |
 * | backupCopyRegion       | the pair       | where backups are copied: cn-north-1 ↔ cn-northwest-1; in global a known pair (OPERATIONS_DEFAULTS), else required; `none` for no copy |
 * | tableName              | (none)         | use this existing (restored) table instead of creating one; needs tableStreamArn |
 * | tableStreamArn         | (none)         | the NEW_IMAGE stream of tableName (docs/operations.md, "Restore the table") |
 * | tableKeyArn            | (none)         | the customer-managed key the restored table is encrypted with (give it so the functions may use it) |
 * | tableIndexes           | all (8)        | how many of the table's indexes to declare: an existing stack gets new ones one per deploy (docs/operations.md, "Add the table's new indexes") |
 * | iamCertificateName     | (none)         | the name of the IAM server certificate (iamCertificateId's), watched for expiry daily |
 * | apiRateLimit           | 1000           | API stage throttle: steady requests a second, all clients together (sized below, API_THROTTLE) |
 * | apiBurstLimit          | 2000           | API stage throttle: burst |
 * | wafRateLimit           | 2000           | web ACL: requests per viewer address in 5 minutes before it is blocked |
 * | originSecretVersionId  | (current)      | the origin secret's version CloudFront sends: set when rotating it (docs/deploy.md) |
 *
 * In China every stage but `dev` needs `domainNames` and `iamCertificateId`: CloudFront there
 * serves nothing on *.cloudfront.cn, only an ICP-filed name with a certificate in IAM.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { partitionOf, regionCapabilities, type RegionCapabilities } from './region.ts';
import type { SiteDomain } from './constructs/site.ts';
import { tableDefinition } from '../functions/data/table.ts';

/**
 * The API stage's throttle, sized for a province's surge (issue 15, "a
 * 50,000-case day"): filing peaks at about 300 submissions a second when a
 * centre collapses and the news spreads (the intake benchmark's target,
 * docs/benchmarks.md). Each filing costs the API about three requests (the
 * proof-of-work challenge, the submission, the receipt's first tracking),
 * so about 900 a second, plus families tracking their cases: 1,000 steady
 * and 2,000 in a burst. That is a tenth of API Gateway's account-level
 * default per region (10,000 a second, bucket 5,000; the same in the China
 * regions, docs.amazonaws.cn "Amazon API Gateway quotas"), leaving the rest
 * of the account room. By Little's law 1,000 requests a second of about
 * 100 ms each keep about 100 Lambda executions busy, well within a region's
 * concurrency; filing is no longer CPU-bound by scrypt (functions/cases/access-code.ts).
 * Abuse is held back per network and per viewer (the web ACL, the
 * submission limits in functions/abuse/limits.ts), not by this total: at
 * 50 a second, the former default, a surge would have refused families
 * with 429 while the table had room.
 */
export const API_THROTTLE = { rateLimit: 1000, burstLimit: 2000 } as const;

export interface ShouhuConfig {
  stackName: string;
  stage: string;
  region: string;
  account: string | undefined;
  capabilities: RegionCapabilities;
  domain: SiteDomain | undefined;
  siteAssetsDir: string | undefined;
  /** Days after a case is closed before its personal data is deleted (the API and the purge job). */
  casesRetentionDays: number;
  /** Logs, backups, alarms and the table's identity (readOperationsConfig). */
  operations: OperationsConfig;
  /** The API stage's throttle (all clients together). */
  apiThrottle: { rateLimit: number; burstLimit: number };
  /** The web ACL's rate-based rule: requests per viewer address in five minutes. */
  wafRateLimit: number;
  /** The origin secret's version CloudFront sends; undefined: the current one. */
  originSecretVersionId: string | undefined;
  /** Things worth a word at synth time, not worth failing it. */
  notes: string[];
}

/** What an operator configures about watching, keeping and restoring the stack. */
export interface OperationsConfig {
  /** Days every log is kept: one of CloudWatch Logs' retention values, 180 or more. */
  logRetentionDays: number;
  alarmEmail: string | undefined;
  backup: { retentionDays: number; copyRegion: string | undefined };
  /** A table that already exists (restored), used instead of creating one. */
  existingTable: { tableName: string; tableStreamArn: string; tableKeyArn?: string } | undefined;
  iamCertificateName: string | undefined;
  /**
   * How many of the table's indexes (functions/data/table.ts, in order) the stack declares: all of
   * them, unless an existing stack is given its new ones one deploy at a time, as CloudFormation
   * creates at most one index per update (docs/operations.md, "Add the table's new indexes").
   */
  tableIndexes: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Context = (key: string) => unknown;

const text = (value: unknown): string | undefined => {
  if (value === undefined || value === null) return undefined;
  const s = String(value).trim();
  return s === '' ? undefined : s;
};

function flag(ctx: Context, key: string): boolean | undefined {
  const value = text(ctx(key));
  if (value === undefined) return undefined;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new ConfigError(`Context "${key}" must be true or false, not "${value}": use -c ${key}=true or -c ${key}=false`);
}

function wholeNumber(ctx: Context, key: string, fallback: number, min: number, max: number): number {
  const value = text(ctx(key));
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new ConfigError(`${key} must be a whole number from ${min} to ${max}, not "${value}"`);
  }
  return Number(value);
}

export function readConfig(ctx: Context, options: { repoRoot: string; defaultAccount?: string | undefined }): ShouhuConfig {
  const stage = text(ctx('stage')) ?? 'dev';
  if (!/^[a-z][a-z0-9-]{0,20}$/.test(stage)) {
    throw new ConfigError(`Stage "${stage}" is not usable in resource names: use lower-case letters, digits and dashes, starting with a letter (e.g. -c stage=prod)`);
  }
  const region = text(ctx('region')) ?? 'cn-north-1';
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) {
    throw new ConfigError(`Region "${region}" is not a region name: use e.g. -c region=cn-north-1 or -c region=ap-east-1`);
  }

  const architecture = text(ctx('lambdaArchitecture'));
  if (architecture !== undefined && architecture !== 'arm64' && architecture !== 'x86_64') {
    throw new ConfigError(`lambdaArchitecture must be arm64 or x86_64, not "${architecture}"`);
  }
  const policies = flag(ctx, 'cloudFrontPolicies');
  const functions = flag(ctx, 'cloudFrontFunctions');
  const capabilities = regionCapabilities(region, {
    ...(architecture ? { lambdaArchitecture: architecture } : {}),
    ...(policies !== undefined ? { cloudFrontPolicies: policies } : {}),
    ...(functions !== undefined ? { cloudFrontFunctions: functions } : {}),
  });
  const china = capabilities.partition === 'aws-cn';

  const notes: string[] = [];
  const names = text(ctx('domainNames'))?.split(',').map((n) => n.trim()).filter(Boolean) ?? [];
  const acmCertificateArn = text(ctx('acmCertificateArn'));
  const iamCertificateId = text(ctx('iamCertificateId'));
  let domain: SiteDomain | undefined;
  if (names.length) {
    if (china && !iamCertificateId) {
      throw new ConfigError('In China, CloudFront cannot use ACM: upload the certificate for the domain to IAM and pass -c iamCertificateId=<ID>');
    }
    if (!china && !acmCertificateArn && !iamCertificateId) {
      throw new ConfigError('A domain needs a certificate: pass -c acmCertificateArn=<ARN of a certificate in us-east-1>');
    }
    domain = { names, ...(acmCertificateArn && !china ? { acmCertificateArn } : {}), ...(iamCertificateId ? { iamCertificateId } : {}) };
  } else if (acmCertificateArn || iamCertificateId) {
    throw new ConfigError('A certificate was given without -c domainNames=…: say which names it is for');
  } else if (china && stage !== 'dev') {
    throw new ConfigError(
      `Stage "${stage}" in China needs the site's domain and its certificate: pass -c domainNames=<ICP-filed name, e.g. shouhu.example.gov.cn> ` +
        '-c iamCertificateId=<ID of the certificate uploaded to IAM with path /cloudfront/>. CloudFront in China serves nothing on *.cloudfront.cn, ' +
        'and the name needs an ICP filing (ICP备案) held for the account: docs/deploy.md, "Before the first deploy in China".',
    );
  } else if (china) {
    notes.push('No domain configured: CloudFront in China does not serve content on *.cloudfront.cn; an ICP-filed domain is needed before the site is reachable (docs/deploy.md).');
  }

  const retention = text(ctx('casesRetentionDays')) ?? '365';
  // The bounds of CASES_PII_RETENTION_DAYS in functions/config.ts.
  if (!/^\d+$/.test(retention) || Number(retention) < 1 || Number(retention) > 3650) {
    throw new ConfigError(`casesRetentionDays must be a whole number of days from 1 to 3650, not "${retention}"`);
  }

  const apiThrottle = {
    rateLimit: wholeNumber(ctx, 'apiRateLimit', API_THROTTLE.rateLimit, 1, 10_000),
    burstLimit: wholeNumber(ctx, 'apiBurstLimit', API_THROTTLE.burstLimit, 1, 5_000),
  };
  // WAF's own bounds for a rate-based rule: 10 to 2,000,000,000 requests in the window.
  const wafRateLimit = wholeNumber(ctx, 'wafRateLimit', 2000, 10, 2_000_000_000);

  const originSecretVersionId = text(ctx('originSecretVersionId'));
  if (originSecretVersionId !== undefined && !/^[A-Za-z0-9-]{32,64}$/.test(originSecretVersionId)) {
    throw new ConfigError(
      `originSecretVersionId must be a secret version's VersionId (as put-secret-value prints it), not "${originSecretVersionId}"`,
    );
  }

  const siteDir = join(options.repoRoot, 'site', 'dist');
  const deploySite = flag(ctx, 'deploySite') ?? true;
  const siteAssetsDir = deploySite && existsSync(join(siteDir, 'index.html')) ? siteDir : undefined;
  if (deploySite && !siteAssetsDir) notes.push('site/dist not built (npm run build:site): the stack is synthesised without uploading the site.');

  return {
    stackName: `Shouhu-${stage}`,
    stage,
    region,
    account: text(ctx('account')) ?? options.defaultAccount,
    capabilities,
    domain,
    siteAssetsDir,
    casesRetentionDays: Number(retention),
    operations: readOperationsConfig(ctx, region, notes),
    apiThrottle,
    wafRateLimit,
    originSecretVersionId,
    notes,
  };
}

/** China's Cybersecurity Law (art. 21): network logs kept for at least six months. */
export const MIN_LOG_RETENTION_DAYS = 180;
/** The retention periods CloudWatch Logs accepts (AWS::Logs::LogGroup RetentionInDays). */
export const LOG_RETENTION_VALUES = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;
/**
 * The region a region's backups are copied to by default: the other China region, and
 * a nearby region of the same partition for the global regions a city is likely to use.
 */
export const BACKUP_COPY_REGIONS: Record<string, string> = {
  'cn-north-1': 'cn-northwest-1',
  'cn-northwest-1': 'cn-north-1',
  'ap-east-1': 'ap-southeast-1',
  'ap-southeast-1': 'ap-east-1',
  'ap-northeast-1': 'ap-northeast-3',
  'ap-northeast-3': 'ap-northeast-1',
  'us-east-1': 'us-west-2',
  'us-west-2': 'us-east-1',
  'eu-central-1': 'eu-west-1',
  'eu-west-1': 'eu-central-1',
};


export function readOperationsConfig(ctx: Context, region: string, notes: string[]): OperationsConfig {
  const partition = partitionOf(region);

  const logRetentionDays = wholeNumber(ctx, 'logRetentionDays', MIN_LOG_RETENTION_DAYS, 0, 3653);
  if (logRetentionDays < MIN_LOG_RETENTION_DAYS) {
    throw new ConfigError(
      `logRetentionDays must be at least ${MIN_LOG_RETENTION_DAYS}: China's Cybersecurity Law requires network logs to be kept six months (-c logRetentionDays=180 or more)`,
    );
  }
  if (!(LOG_RETENTION_VALUES as readonly number[]).includes(logRetentionDays)) {
    const allowed = LOG_RETENTION_VALUES.filter((d) => d >= MIN_LOG_RETENTION_DAYS).join(', ');
    throw new ConfigError(`logRetentionDays must be a retention CloudWatch Logs accepts: ${allowed}; not ${logRetentionDays}`);
  }

  const alarmEmail = text(ctx('alarmEmail'));
  if (alarmEmail !== undefined && !/^[^@\s,]+@[^@\s,]+\.[^@\s,]+$/.test(alarmEmail)) {
    throw new ConfigError(`alarmEmail must be one e-mail address, not "${alarmEmail}"`);
  }
  if (!alarmEmail) notes.push('No -c alarmEmail=…: alarms go to the SNS topic AlarmTopicArn; subscribe someone to it (docs/operations.md).');

  const retentionDays = wholeNumber(ctx, 'backupRetentionDays', 35, 1, 3650);
  const copy = text(ctx('backupCopyRegion')) ?? BACKUP_COPY_REGIONS[region];
  if (copy === undefined) {
    throw new ConfigError(
      `No default region to copy backups of ${region} to: pass -c backupCopyRegion=<another region of the same partition>, or -c backupCopyRegion=none`,
    );
  }
  let copyRegion: string | undefined = copy;
  if (copy === 'none') {
    copyRegion = undefined;
    notes.push('backupCopyRegion=none: backups stay in this region only; a regional outage could take them with it.');
  } else if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(copy) || copy === region || partitionOf(copy) !== partition) {
    throw new ConfigError(
      `backupCopyRegion must be another region of the ${partition} partition than ${region} (copies cannot leave the partition), not "${copy}"`,
    );
  }

  const tableName = text(ctx('tableName'));
  const tableStreamArn = text(ctx('tableStreamArn'));
  let existingTable: OperationsConfig['existingTable'];
  if (tableName || tableStreamArn) {
    if (!tableName || !tableStreamArn) {
      throw new ConfigError(
        'A restored table needs both -c tableName=<name> and -c tableStreamArn=<its NEW_IMAGE stream ARN> (aws dynamodb describe-table --table-name <name> --query Table.LatestStreamArn)',
      );
    }
    const stream = /^arn:(aws|aws-cn):dynamodb:([a-z0-9-]+):(\d{12}):table\/([A-Za-z0-9_.-]{3,255})\/stream\/[0-9TZ:.-]+$/.exec(tableStreamArn);
    if (!stream || stream[1] !== partition || stream[2] !== region || stream[4] !== tableName) {
      throw new ConfigError(`tableStreamArn must be the stream of table ${tableName} in ${region}, not "${tableStreamArn}"`);
    }
    // The key it is encrypted with: the stack's table key when restored with it (the default), else name it.
    const tableKeyArn = text(ctx('tableKeyArn'));
    if (tableKeyArn !== undefined && !/^arn:(aws|aws-cn):kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f-]{36}$/.test(tableKeyArn)) {
      throw new ConfigError(`tableKeyArn must be a KMS key ARN (arn:aws-cn:kms:<region>:<account>:key/<id>), not "${tableKeyArn}"`);
    }
    existingTable = { tableName, tableStreamArn, ...(tableKeyArn ? { tableKeyArn } : {}) };
    notes.push(`Using the existing table ${tableName}: the stack creates no table (docs/operations.md, "Restore the table").`);
  }

  const iamCertificateName = text(ctx('iamCertificateName'));
  if (iamCertificateName !== undefined && !/^[\w+=,.@-]{1,128}$/.test(iamCertificateName)) {
    throw new ConfigError(`iamCertificateName must be an IAM server certificate's name, not "${iamCertificateName}"`);
  }
  if (partition === 'aws-cn' && text(ctx('iamCertificateId')) && !iamCertificateName) {
    notes.push('No -c iamCertificateName=…: the IAM certificate does not renew itself and nothing watches its expiry (docs/operations.md).');
  }

  const allIndexes = tableDefinition.globalSecondaryIndexes.length;
  const tableIndexes = wholeNumber(ctx, 'tableIndexes', allIndexes, 2, allIndexes);
  if (tableIndexes < allIndexes) {
    notes.push(
      `tableIndexes=${tableIndexes}: the table gets ${tableIndexes} of its ${allIndexes} indexes; deploy again with ${tableIndexes + 1} once this update is done (the queue's filter combinations fail until all are there).`,
    );
  }

  return { logRetentionDays, alarmEmail, backup: { retentionDays, copyRegion }, existingTable, iamCertificateName, tableIndexes };
}
