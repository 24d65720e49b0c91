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
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
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
}

const stringKey = (name: string): dynamodb.Attribute => ({ name, type: dynamodb.AttributeType.STRING });

export class ShouhuTable extends Construct implements BindableTable {
  readonly table: dynamodb.Table;
  readonly tableName: string;
  readonly tableArn: string;
  readonly indexArns: readonly string[];
  /** The stream's ARN (new images): the publisher's trigger. */
  readonly tableStreamArn: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: stringKey(tableDefinition.partitionKey),
      sortKey: stringKey(tableDefinition.sortKey),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      timeToLiveAttribute: tableDefinition.timeToLiveAttribute,
      // A KMS key in the account (aws/dynamodb), visible in CloudTrail; no key of our own to pay for or lose.
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      // The publisher only needs to know that an item is now waiting (its gsi2pk), not what it was.
      stream: dynamodb.StreamViewType.NEW_IMAGE,
    });
    for (const index of tableDefinition.globalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: stringKey(index.partitionKey),
        sortKey: stringKey(index.sortKey),
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }

    this.tableName = this.table.tableName;
    this.tableArn = this.table.tableArn;
    this.indexArns = tableDefinition.globalSecondaryIndexes.map((index) => this.indexArn(index.indexName));
    this.tableStreamArn = this.table.tableStreamArn!;
  }

  indexArn(name: IndexName): string {
    return `${this.table.tableArn}/index/${name}`;
  }
}
