/**
 * A table the stack did not create: the one an operator restored (from point-in-time
 * recovery or an AWS Backup recovery point) and switched to with
 * `-c tableName=<name> -c tableStreamArn=<arn>` (docs/operations.md, "Restore the table").
 * It offers what the functions are bound with (BindableTable) and the stream that wakes
 * the publisher, like ShouhuTable does; nothing in the stack creates, changes or deletes it.
 */
import { Arn, Aws, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { tableDefinition, type IndexName } from '#functions/data/table.ts';
import type { BindableTable } from './data.ts';

export interface ExistingTableProps {
  tableName: string;
  /** Its stream (NEW_IMAGE), which the operator enables after the restore. */
  tableStreamArn: string;
  /** The customer-managed key it is encrypted with (a restore keeps the source table's key unless told otherwise). */
  tableKeyArn?: string;
}

export class ExistingTable extends Construct implements BindableTable {
  readonly tableName: string;
  readonly tableArn: string;
  readonly indexArns: readonly string[];
  readonly tableStreamArn: string;
  readonly encryptionKeyArn?: string;
  readonly kmsViaService?: string;

  constructor(scope: Construct, id: string, props: ExistingTableProps) {
    super(scope, id);
    this.tableName = props.tableName;
    this.tableArn = Arn.format({ service: 'dynamodb', resource: 'table', resourceName: props.tableName }, Stack.of(this));
    this.tableStreamArn = props.tableStreamArn;
    if (props.tableKeyArn) {
      this.encryptionKeyArn = props.tableKeyArn;
      this.kmsViaService = `dynamodb.${Stack.of(this).region}.${Aws.URL_SUFFIX}`;
    }
    this.indexArns = tableDefinition.globalSecondaryIndexes.map((index) => this.indexArn(index.indexName));
  }

  indexArn(name: IndexName): string {
    return `${this.tableArn}/index/${name}`;
  }
}
