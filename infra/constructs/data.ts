/**
 * The single DynamoDB table, built from `tableDefinition` (functions/data/table.ts):
 * the keys, indexes and TTL attribute are declared there once and read here, by
 * the local bootstrap and by the tests.
 *
 * Stateful: it is retained when the stack or the construct goes, cannot be deleted
 * while deletion protection is on, and keeps 35 days of point-in-time recovery.
 * It depends on nothing else in the stack, so it can move to a stack of its own
 * (import it there with `cdk import`, after removing it here under RETAIN).
 *
 * Its stream (new images only) wakes the publisher (./jobs.ts) when something is
 * waiting to be published; nothing else reads it.
 *
 * Encrypted with a key of its own (customer managed, rotated yearly, retained), not
 * the cases key: the cases key may be used only by the API and only with a case's
 * encryption context (./cases.ts), and every function that touches the table would
 * otherwise need it too. A key of its own also keeps the table free of the cases
 * construct (it is built first) and lets its use be read in CloudTrail apart from
 * case data. `bindTable` (./api-function.ts) grants a function the key's use through
 * DynamoDB only (`kms:ViaService`); the publisher also decrypts the stream.
 */
import { Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { tableDefinition, type IndexName } from '#functions/data/table.ts';

export type { IndexName };

/** What a function needs to be bound to a table: its name, and the ARNs to grant on. */
export interface BindableTable {
  readonly tableName: string;
  readonly tableArn: string;
  /** One ARN per global secondary index, never a wildcard. */
  readonly indexArns: readonly string[];
  indexArn(name: IndexName): string;
  /** The customer-managed key the table is encrypted with, when it has one. */
  readonly encryptionKeyArn?: string;
  /** The `kms:ViaService` value of DynamoDB in the table's region. */
  readonly kmsViaService?: string;
}

const stringKey = (name: string): dynamodb.Attribute => ({ name, type: dynamodb.AttributeType.STRING });

export class ShouhuTable extends Construct implements BindableTable {
  readonly table: dynamodb.Table;
  readonly tableName: string;
  readonly tableArn: string;
  readonly indexArns: readonly string[];
  /** The stream's ARN (new images): the publisher's trigger. */
  readonly tableStreamArn: string;
  readonly key: kms.Key;
  readonly encryptionKeyArn: string;
  readonly kmsViaService: string;

  constructor(scope: Construct, id: string, props: { stage: string; /** The first n of tableDefinition's indexes (all by default): CloudFormation adds one per update. */ indexes?: number }) {
    super(scope, id);

    this.key = new kms.Key(this, 'Key', {
      description: `Shouhu (${props.stage}): encrypts the DynamoDB table, its backups and its stream`,
      enableKeyRotation: true,
      alias: `alias/shouhu-${props.stage}-table`,
      // Without the key the table, its point-in-time recovery and its backups are unreadable.
      removalPolicy: RemovalPolicy.RETAIN,
      pendingWindow: Duration.days(30),
    });

    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: stringKey(tableDefinition.partitionKey),
      sortKey: stringKey(tableDefinition.sortKey),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      timeToLiveAttribute: tableDefinition.timeToLiveAttribute,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      // The publisher only needs to know that an item is now waiting (its gsi2pk), not what it was.
      stream: dynamodb.StreamViewType.NEW_IMAGE,
    });
    const indexes = tableDefinition.globalSecondaryIndexes.slice(0, props.indexes ?? tableDefinition.globalSecondaryIndexes.length);
    for (const index of indexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: stringKey(index.partitionKey),
        sortKey: stringKey(index.sortKey),
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }

    this.tableName = this.table.tableName;
    this.tableArn = this.table.tableArn;
    this.indexArns = indexes.map((index) => this.indexArn(index.indexName));
    this.tableStreamArn = this.table.tableStreamArn!;
    this.encryptionKeyArn = this.key.keyArn;
    this.kmsViaService = `dynamodb.${Stack.of(this).region}.${Aws.URL_SUFFIX}`;
  }

  indexArn(name: IndexName): string {
    return `${this.table.tableArn}/index/${name}`;
  }
}
