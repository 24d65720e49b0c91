/**
 * Fee guidance (收费指引) that regulators publish, in the single table. Each
 * publication holds `FeeRule` rows (guidance prices, a district's limits and
 * class times) that join the configured rules in the fee checker. A
 * publication is never edited: a new rule version is a new publication with
 * a later effective date, and a mistake is withdrawn (kept, with who, when
 * and why) and published again, so past versions stay visible with their dates.
 *
 * | access pattern                                    | operation           | key condition                                      |
 * |---------------------------------------------------|---------------------|----------------------------------------------------|
 * | get a publication by id                           | GetItem             | pk = FEEGUIDE#<id>, sk = FEEGUIDE                  |
 * | its history, newest first                         | Query, descending   | pk = FEEGUIDE#<id>, sk begins_with EVT#            |
 * | every publication, by effective date (checker, publisher, staff) | Query gsi1 | gsi1pk = FEEGUIDES, gsi1sk = <effectiveFrom>#<id> |
 * | publications changed since /fees/ was published   | Query gsi2 (sparse) | gsi2pk = FEES_DUE, gsi2sk = <changedAt>#<id>        |
 */
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { z } from 'zod';
import { Actor } from '#shared/schemas/common.ts';
import { FeeGuidance } from '#shared/schemas/guidance.ts';
import type { Db } from './client.ts';
import { updateIfVersion } from './conditional.ts';
import { queryAllInIndex } from './query.ts';
import { VersionConflict } from './errors.ts';

const SCHEMA_VERSION = 1;

export const feeGuidanceKeys = {
  record: (id: string) => ({ pk: `FEEGUIDE#${id}`, sk: 'FEEGUIDE' }),
  event: (id: string, version: number) => ({ pk: `FEEGUIDE#${id}`, sk: `EVT#${String(version).padStart(8, '0')}` }),
  all: 'FEEGUIDES',
  due: 'FEES_DUE',
};

export const FeeGuidanceEvent = z
  .object({
    guidanceId: z.string(),
    version: z.number().int(),
    at: z.string(),
    action: z.enum(['published', 'withdrawn']),
    actor: Actor,
    reason: z.string().optional(),
  })
  .meta({ id: 'FeeGuidanceEvent', description: '收费指引的一次变更' });
export type FeeGuidanceEvent = z.infer<typeof FeeGuidanceEvent>;

const KEY_ATTRIBUTES = new Set(['pk', 'sk', 'entity', 'schemaVersion', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk']);

function parseGuidance(item: Record<string, unknown>): FeeGuidance {
  return FeeGuidance.parse(Object.fromEntries(Object.entries(item).filter(([k]) => !KEY_ATTRIBUTES.has(k))));
}

function recordItem(g: FeeGuidance, changedAt: string) {
  return {
    ...feeGuidanceKeys.record(g.id),
    entity: 'fee_guidance',
    schemaVersion: SCHEMA_VERSION,
    gsi1pk: feeGuidanceKeys.all,
    gsi1sk: `${g.source.effectiveFrom}#${g.id}`,
    gsi2pk: feeGuidanceKeys.due,
    gsi2sk: `${changedAt}#${g.id}`,
    ...g,
  };
}

function eventItem(e: FeeGuidanceEvent) {
  return { ...feeGuidanceKeys.event(e.guidanceId, e.version), entity: 'fee_guidance_event', schemaVersion: SCHEMA_VERSION, ...e };
}

export async function getFeeGuidance(db: Db, id: string): Promise<FeeGuidance | null> {
  const out = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: feeGuidanceKeys.record(id), ConsistentRead: true }));
  return out.Item ? parseGuidance(out.Item) : null;
}

/** Stores a new publication and its 'published' event, all or nothing. */
export async function createFeeGuidance(db: Db, guidance: FeeGuidance): Promise<FeeGuidance> {
  const g = FeeGuidance.parse(guidance);
  await db.doc.send(
    new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: db.tableName, Item: recordItem(g, g.publishedAt), ConditionExpression: 'attribute_not_exists(pk)' } },
        {
          Put: {
            TableName: db.tableName,
            Item: eventItem({ guidanceId: g.id, version: 1, at: g.publishedAt, action: 'published', actor: g.publishedBy }),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ],
    }),
  );
  return g;
}

/** Withdraws a publication (its rules stop applying), only if it is still at the version the writer read. */
export async function withdrawFeeGuidance(
  db: Db,
  input: { id: string; expectedVersion: number; reason: string; actor: Actor; now: Date },
): Promise<FeeGuidance> {
  const current = await getFeeGuidance(db, input.id);
  if (!current || current.version !== input.expectedVersion || current.status !== 'published') throw new VersionConflict(current);
  const at = input.now.toISOString();
  const next = FeeGuidance.parse({
    ...current,
    status: 'withdrawn',
    withdrawn: { at, by: input.actor, reason: input.reason },
    version: current.version + 1,
  });
  try {
    await db.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: db.tableName,
              Item: recordItem(next, at),
              ConditionExpression: 'version = :v',
              ExpressionAttributeValues: { ':v': current.version },
            },
          },
          {
            Put: {
              TableName: db.tableName,
              Item: eventItem({ guidanceId: next.id, version: next.version, at, action: 'withdrawn', actor: input.actor, reason: input.reason }),
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      }),
    );
  } catch (error) {
    if (error instanceof TransactionCanceledException) throw new VersionConflict(await getFeeGuidance(db, input.id));
    throw error;
  }
  return next;
}

export async function listFeeGuidanceEvents(db: Db, id: string): Promise<FeeGuidanceEvent[]> {
  const out = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :evt)',
      ExpressionAttributeValues: { ':pk': feeGuidanceKeys.record(id).pk, ':evt': 'EVT#' },
      ScanIndexForward: false,
    }),
  );
  return (out.Items ?? []).map((item) => FeeGuidanceEvent.parse(item));
}

/** Every publication, withdrawn ones included, by effective date (oldest first). */
export function allFeeGuidance(db: Db): Promise<FeeGuidance[]> {
  return queryAllInIndex(db, 'gsi1', feeGuidanceKeys.all, parseGuidance);
}

/** Publications published or withdrawn since the guidance page was last published. */
export async function listDueFeeGuidance(db: Db, limit = 200): Promise<Array<{ id: string; version: number }>> {
  const out = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :due',
      ExpressionAttributeValues: { ':due': feeGuidanceKeys.due },
      Limit: limit,
    }),
  );
  return (out.Items ?? []).map((item) => ({ id: item.id as string, version: item.version as number }));
}

/** The guidance page now shows this version: out of the index, unless it changed again. */
export async function settleFeeGuidanceDue(db: Db, id: string, version: number): Promise<boolean> {
  return updateIfVersion(db, feeGuidanceKeys.record(id), version, { expression: 'REMOVE gsi2pk, gsi2sk' });
}
