/** The operations keys of the configuration (infra/config.ts, readOperationsConfig). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from './config.ts';
import { tableDefinition } from '../functions/data/table.ts';

const context = (values: Record<string, string>) => (key: string) => values[key];
const read = (values: Record<string, string>) => readConfig(context(values), { repoRoot: mkdtempSync(join(tmpdir(), 'shouhu-repo-')) });
const stream = (table: string, region = 'cn-north-1', partition = 'aws-cn') =>
  `arn:${partition}:dynamodb:${region}:123456789012:table/${table}/stream/2026-12-04T05:00:00.000`;

describe('operations configuration', () => {
  it('keeps logs 180 days, backups 35 days copied to the other China region, by default', () => {
    const config = read({});
    expect(config.operations).toEqual({
      logRetentionDays: 180,
      alarmEmail: undefined,
      backup: { retentionDays: 35, copyRegion: 'cn-northwest-1' },
      existingTable: undefined,
      iamCertificateName: undefined,
      tableIndexes: tableDefinition.globalSecondaryIndexes.length,
    });
    expect(read({ region: 'cn-northwest-1' }).operations.backup.copyRegion).toBe('cn-north-1');
    expect(read({ region: 'ap-east-1' }).operations.backup.copyRegion).toBe('ap-southeast-1');
    expect(config.notes.join('\n')).toMatch(/alarmEmail/);
  });

  it('takes longer log retention, an alarm address, a backup retention and another copy region', () => {
    const config = read({ region: 'ap-east-1', logRetentionDays: '365', alarmEmail: 'oncall@example.com', backupRetentionDays: '90', backupCopyRegion: 'ap-northeast-1' });
    expect(config.operations).toMatchObject({ logRetentionDays: 365, alarmEmail: 'oncall@example.com', backup: { retentionDays: 90, copyRegion: 'ap-northeast-1' } });
    expect(read({ backupCopyRegion: 'none' }).operations.backup.copyRegion).toBeUndefined();
  });

  it('declares the table\'s indexes one more per deploy when told to, never fewer than the two the app needed before', () => {
    const all = tableDefinition.globalSecondaryIndexes.length;
    const staged = read({ tableIndexes: '3' });
    expect(staged.operations.tableIndexes).toBe(3);
    expect(staged.notes.join('\n')).toContain(`tableIndexes=3: the table gets 3 of its ${all} indexes; deploy again with 4`);
    for (const wrong of ['1', String(all + 1), 'all']) expect(() => read({ tableIndexes: wrong }), wrong).toThrow(ConfigError);
  });

  it('switches to a restored table with its stream', () => {
    const config = read({ tableName: 'shouhu-prod-20261204', tableStreamArn: stream('shouhu-prod-20261204') });
    expect(config.operations.existingTable).toEqual({ tableName: 'shouhu-prod-20261204', tableStreamArn: stream('shouhu-prod-20261204') });
    expect(config.notes.join('\n')).toMatch(/existing table shouhu-prod-20261204/);
  });

  it('refuses what would break the law, the partition or the restore, saying what to pass', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ logRetentionDays: '90' }, /at least 180.*Cybersecurity Law/],
      [{ logRetentionDays: '200' }, /180, 365, 400/],
      [{ logRetentionDays: 'six months' }, /whole number/],
      [{ alarmEmail: 'a@b.cn,c@d.cn' }, /one e-mail address/],
      [{ backupRetentionDays: '0' }, /backupRetentionDays.*1 to 3650/],
      [{ backupCopyRegion: 'ap-east-1' }, /aws-cn partition/],
      [{ backupCopyRegion: 'cn-north-1' }, /another region/],
      [{ region: 'sa-east-1' }, /-c backupCopyRegion=/],
      [{ tableName: 'shouhu-prod-20261204' }, /tableStreamArn/],
      [{ tableStreamArn: stream('t1') }, /tableName/],
      [{ tableName: 'other', tableStreamArn: stream('shouhu-prod-20261204') }, /stream of table other/],
      [{ tableName: 't1', tableStreamArn: stream('t1', 'ap-east-1', 'aws') }, /stream of table t1 in cn-north-1/],
      [{ iamCertificateName: 'a cert' }, /server certificate's name/],
    ];
    for (const [values, message] of cases) {
      expect(() => read(values), JSON.stringify(values)).toThrow(ConfigError);
      expect(() => read(values), JSON.stringify(values)).toThrow(message);
    }
  });
});
