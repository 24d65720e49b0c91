/** The table declares its indexes from functions/data/table.ts: all of them, or the first n while an existing stack gets them one deploy at a time. */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { tableDefinition } from '../../functions/data/table.ts';
import { ShouhuTable } from './data.ts';

const indexesOf = (indexes?: number) => {
  const stack = new Stack(new App(), 'T', { env: { region: 'cn-north-1', account: '123456789012' } });
  const table = new ShouhuTable(stack, 'Data', { stage: 'test', ...(indexes !== undefined ? { indexes } : {}) });
  const [resource] = Object.values(Template.fromStack(stack).findResources('AWS::DynamoDB::Table')) as Array<{ Properties: { GlobalSecondaryIndexes: Array<{ IndexName: string; KeySchema: Array<{ AttributeName: string }> }> } }>;
  return { declared: resource!.Properties.GlobalSecondaryIndexes.map((i) => [i.IndexName, ...i.KeySchema.map((k) => k.AttributeName)]), arns: table.indexArns.length };
};

describe('the table construct', () => {
  it('declares every index of the table definition, the queue combinations\' included, by default', () => {
    const { declared, arns } = indexesOf();
    expect(declared).toEqual(tableDefinition.globalSecondaryIndexes.map((i) => [i.indexName, i.partitionKey, i.sortKey]));
    expect(declared.map(([name]) => name)).toEqual(expect.arrayContaining(['combo1', 'combo1d', 'combo2', 'combo2d', 'combo3', 'combo3d']));
    expect(arns).toBe(declared.length);
  });

  it('declares only the first n when staged, and grants only those', () => {
    const { declared, arns } = indexesOf(3);
    expect(declared.map(([name]) => name)).toEqual(tableDefinition.globalSecondaryIndexes.slice(0, 3).map((i) => i.indexName));
    expect(arns).toBe(3);
  });
});
