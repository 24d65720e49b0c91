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
    // The staff queue's filter combinations (T4c, docs/data-model.md): three key slots on a case's
    // queue and index entries, each by urgency (`gsi1sk`) and by submission time (`gsi2sk`).
    // Sparse: only entries carrying `combo<n>pk` are in them. CloudFormation adds one index per
    // stack update (docs/operations.md, "Add the table's new indexes").
    { indexName: 'combo1', partitionKey: 'combo1pk', sortKey: 'gsi1sk' },
    { indexName: 'combo1d', partitionKey: 'combo1pk', sortKey: 'gsi2sk' },
    { indexName: 'combo2', partitionKey: 'combo2pk', sortKey: 'gsi1sk' },
    { indexName: 'combo2d', partitionKey: 'combo2pk', sortKey: 'gsi2sk' },
    { indexName: 'combo3', partitionKey: 'combo3pk', sortKey: 'gsi1sk' },
    { indexName: 'combo3d', partitionKey: 'combo3pk', sortKey: 'gsi2sk' },
  ],
  /** Items with this attribute (epoch seconds) expire: sessions, rate-limit windows, idempotency keys. */
  timeToLiveAttribute: 'ttl',
} as const;

export type IndexName = (typeof tableDefinition.globalSecondaryIndexes)[number]['indexName'];
