/**
 * The single table's definition, as plain data. The CDK data construct, the
 * local bootstrap (DynamoDB Local) and the tests all build the table from
 * this one object, so the three can never drift. No AWS SDK here, so the
 * CDK app can import it without pulling the SDK in.
 *
 * Access patterns and the keys that serve them: docs/data-model.md.
 */
export const tableDefinition = {
  partitionKey: 'pk',
  sortKey: 'sk',
  globalSecondaryIndexes: [
    { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    { indexName: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  ],
  /** Items with this attribute (epoch seconds) expire: sessions, rate-limit windows, idempotency keys. */
  timeToLiveAttribute: 'ttl',
} as const;

export type IndexName = (typeof tableDefinition.globalSecondaryIndexes)[number]['indexName'];
