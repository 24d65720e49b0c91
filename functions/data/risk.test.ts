import { describe, expect, it } from 'vitest';
import { RISK_SHARDS, riskShardOf, sumShards } from './risk.ts';

const shard = (sk: string, fields: Record<string, unknown>) => ({ pk: 'RISK#xy000001', sk, entity: 'risk_counter', institutionId: 'xy000001', ...fields });

describe('sharded risk counters', () => {
  it('puts every step of a case on the same shard, and spreads cases over all of them', () => {
    expect(riskShardOf('2611-0001-2345-X')).toBe(riskShardOf('2611-0001-2345-X'));
    const used = new Set(Array.from({ length: 2000 }, (_, i) => riskShardOf(`2611-${String(i).padStart(8, '0')}`)));
    expect([...used].every((s) => s >= 0 && s < RISK_SHARDS)).toBe(true);
    expect(used.size).toBe(RISK_SHARDS);
  });

  it('sums the shards and the item before them, months included; the district is the earliest shard’s, the name the latest case’s', () => {
    const total = sumShards([
      shard('RISK#03', { openDisputes: 2, totalDisputes: 2, amountInDispute: 500, firstCaseAt: '2026-11-02T00:00:00Z', lastCaseAt: '2026-11-09T00:00:00Z', districtCode: '411503', name: '新名' }),
      shard('RISK', { complaints: 1, 'complaints@2026-10': 1, lastCaseAt: '2026-10-01T00:00:00Z', districtCode: '411502', name: '旧名' }),
      shard('RISK#07', { complaints: 2, 'complaints@2026-10': 1, 'complaints@2026-11': 1, substantiated: 1, firstCaseAt: '2026-10-05T00:00:00Z', lastCaseAt: '2026-11-01T00:00:00Z', districtCode: '411521' }),
      // Written only by a later step of a case counted before the shards.
      shard('RISK#11', { openDisputes: -1, amountInDispute: -200, amountRecovered: 200 }),
    ]);
    expect(total).toMatchObject({
      openDisputes: 1,
      totalDisputes: 2,
      amountInDispute: 300,
      amountRecovered: 200,
      complaints: 3,
      substantiated: 1,
      complaintsByMonth: { '2026-10': 2, '2026-11': 1 },
      lastCaseAt: '2026-11-09T00:00:00Z',
      name: '新名',
      districtCode: '411502',
    });
    expect(sumShards([])).toBeNull();
  });
});
