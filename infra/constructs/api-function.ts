/**
 * `ShouhuFunction`: a NodejsFunction with the project's defaults, so each
 * handler states only what is particular to it.
 *
 * - Node.js 22 on Graviton (arm64), or x86_64 where a region lacks it.
 * - Bundled by the local esbuild's JS API (never Docker) with the options in
 *   ./bundling.ts, split at `import()` (infra/lambda-build.ts, also what the bundle
 *   benchmark measures), as an asset whose hash is its output.
 * - Its own log group with a retention, and its own role that may write only to
 *   that log group: no AWS managed policy, no wildcard.
 * - `bindTable({ table, access })` grants exactly read or read-and-write on the
 *   table and its indexes, or exactly the actions, indexes and partitions a job
 *   uses (`TableGrant`), and tells the function the table's name;
 *   `bindBucket({ bucket, access, env })` does the same for a bucket.
 */
import { AssetHashType, DockerImage, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { lambdaBundling, type BundleVariantName } from './bundling.ts';
import type { BindableTable, IndexName } from './data.ts';

/**
 * Exactly what a function does with the table, for functions that do little
 * (the publisher, the purge job): actions on the table's items, Query on the
 * named indexes, and writes only to items whose partition key matches one of
 * `partitionKeys` (`dynamodb:LeadingKeys`, StringLike: `INST#*`).
 */
export interface TableGrant {
  table: readonly string[];
  queryIndexes: readonly IndexName[];
  writes?: { actions: readonly string[]; partitionKeys: readonly string[] };
  /** Reads of the table limited to these partitions (`dynamodb:LeadingKeys`), e.g. Query of `STATS#*`. */
  reads?: { actions: readonly string[]; partitionKeys: readonly string[] };
}

export type TableAccess = 'read' | 'readwrite' | TableGrant;

/** Item and query reads; DescribeTable is what the health check calls. */
const READ_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
];
/** Item writes; transactions (TransactWriteItems) are authorised through these. */
const WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

export const tableActions: Record<'read' | 'readwrite', { read: readonly string[]; write: readonly string[] }> = {
  read: { read: READ_ACTIONS, write: [] },
  readwrite: { read: READ_ACTIONS, write: WRITE_ACTIONS },
};

/** Node.js 22 on purpose (cdk-nag AwsSolutions-L1); said once for every function of the stack. */
export const NODE22_REASON =
  'Node.js 22 on purpose: the project, its tests and the benchmark run on Node 22 (.nvmrc, package.json engines); moving to a newer runtime is a deliberate change of all three.';

/** read: GetObject (and ListBucket, so a missing key is 404); readwrite: PutObject too. */
export type BucketAccess = 'read' | 'readwrite';

export interface ShouhuFunctionProps {
  /** The handler's source file (absolute path); it must export `handler`. */
  entry: string;
  /** What the bundle leaves out (./bundling.ts). @default full */
  variant?: BundleVariantName;
  /** @default arm64 */
  architecture?: 'arm64' | 'x86_64';
  /** @default 512 MB: the CPU share that comes with it keeps cold starts short. */
  memorySize?: number;
  /** @default 10 seconds, well inside API Gateway's 30-second limit. */
  timeout?: Duration;
  /** @default six months, the least China's Cybersecurity Law allows (the stack may raise it: ./log-retention.ts) */
  logRetention?: logs.RetentionDays;
  description?: string;
  environment?: Record<string, string>;
  /**
   * Deploy this code instead of bundling `entry`. For tests that do not look at
   * the bundle, to keep them fast; the real bundle is still tested once.
   */
  code?: lambda.Code;
}

const BUILDER = join(import.meta.dirname, '..', 'lambda-build.ts');

/**
 * The function's code: `entry` built by infra/lambda-build.ts into the asset folder
 * (index.mjs and its chunks). The builder runs as a child process because CDK's local
 * bundling is synchronous and esbuild's plugins need its asynchronous API. It never
 * falls back to Docker: a failed build fails the synthesis.
 */
export function lambdaCode(entry: string, variant: BundleVariantName): lambda.Code {
  return lambda.Code.fromAsset(dirname(entry), {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // CDK caches staged assets by their properties as JSON, which leaves out the builder below (a function):
      // these values make the key differ, else two functions built from one folder (the API and the import) would
      // share one bundle. Docker would see them as its environment; it is never run.
      environment: { SHOUHU_ENTRY: entry, SHOUHU_VARIANT: variant },
      // Required by the type; never used (local bundling always succeeds or throws).
      image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:22-alpine'),
      local: {
        tryBundle(outputDir) {
          const child = spawnSync(process.execPath, ['--import', 'tsx', BUILDER, JSON.stringify({ entry, variant, outdir: outputDir })], {
            encoding: 'utf8',
          });
          if (child.status !== 0) throw new Error(`Bundling ${entry} failed:\n${child.stderr}`);
          return true;
        },
      },
    },
  });
}

export class ShouhuFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: ShouhuFunctionProps) {
    // Created beside the function (a subclass cannot add children before super()).
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention ?? logs.RetentionDays.SIX_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const role = new iam.Role(scope, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs the ${id} function: writes to its own log group, and what bindTable grants.`,
      inlinePolicies: {
        logs: new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({
              actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
              resources: [logGroup.logGroupArn],
            }),
          ],
        }),
      },
    });

    super(scope, id, {
      // The entry of the built code is index.mjs; test code (props.code) exports `handler` from its own file.
      handler: props.code ? 'handler' : `${lambdaBundling.outFile.replace(/\.mjs$/, '')}.handler`,
      code: props.code ?? lambdaCode(props.entry, props.variant ?? 'full'),
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: props.architecture === 'x86_64' ? lambda.Architecture.X86_64 : lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      description: props.description,
      environment: props.environment,
      role,
      logGroup,
    });
  }

  /**
   * Grants this function `access` to `table` (and its indexes) and sets TABLE_NAME; when the
   * table has a customer-managed key, that key's use through DynamoDB only (`kms:ViaService`):
   * Decrypt and DescribeKey to read, Encrypt and GenerateDataKey too to write.
   */
  bindTable({ table, access }: { table: BindableTable; access: TableAccess }): void {
    this.addEnvironment('TABLE_NAME', table.tableName);
    if (table.encryptionKeyArn) {
      const writes = access === 'readwrite' || (typeof access !== 'string' && access.writes !== undefined);
      this.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['kms:Decrypt', 'kms:DescribeKey', ...(writes ? ['kms:Encrypt', 'kms:GenerateDataKey'] : [])],
          resources: [table.encryptionKeyArn],
          ...(table.kmsViaService ? { conditions: { StringEquals: { 'kms:ViaService': table.kmsViaService } } } : {}),
        }),
      );
    }
    if (typeof access !== 'string') {
      if (access.table.length) this.addToRolePolicy(new iam.PolicyStatement({ actions: [...access.table], resources: [table.tableArn] }));
      if (access.queryIndexes.length) {
        this.addToRolePolicy(
          new iam.PolicyStatement({ actions: ['dynamodb:Query'], resources: access.queryIndexes.map((name) => table.indexArn(name)) }),
        );
      }
      for (const limited of [access.writes, access.reads]) {
        if (!limited) continue;
        this.addToRolePolicy(
          new iam.PolicyStatement({
            actions: [...limited.actions],
            resources: [table.tableArn],
            conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...limited.partitionKeys] } },
          }),
        );
      }
      return;
    }
    const actions = tableActions[access];
    this.addToRolePolicy(
      new iam.PolicyStatement({ actions: [...actions.read], resources: [table.tableArn, ...table.indexArns] }),
    );
    if (actions.write.length) {
      this.addToRolePolicy(new iam.PolicyStatement({ actions: [...actions.write], resources: [table.tableArn] }));
    }
  }

  /**
   * Denies, whatever else is granted, changing or deleting items whose
   * partition key matches `partitionKeys` (e.g. `AUDIT#*`: the audit log is
   * append-only). PutItem stays allowed: the writer adds entries with a
   * condition that never replaces one (functions/data/audit.ts).
   */
  denyChanges({ table, partitionKeys }: { table: BindableTable; partitionKeys: readonly string[] }): void {
    this.addToRolePolicy(
      new iam.PolicyStatement({
        effect: iam.Effect.DENY,
        actions: ['dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'],
        resources: [table.tableArn],
        conditions: { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': [...partitionKeys] } },
      }),
    );
  }

  /**
   * Grants this function reads (or reads and writes) of `bucket`'s objects and sets `env`
   * to its name. ListBucket comes with reads so that a missing key answers 404, not 403.
   */
  bindBucket({ bucket, access, env }: { bucket: s3.IBucket; access: BucketAccess; env: string }): void {
    if (access !== 'read' && access !== 'readwrite') throw new Error(`Unknown bucket access "${String(access)}"`);
    const objectActions = access === 'read' ? ['s3:GetObject'] : ['s3:GetObject', 's3:PutObject'];
    this.addToRolePolicy(new iam.PolicyStatement({ actions: objectActions, resources: [bucket.arnForObjects('*')] }));
    this.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }));
    this.addEnvironment(env, bucket.bucketName);
  }
}
