import { afterEach, describe, expect, it, vi } from 'vitest';
import { emfLine, emitMetrics } from './metrics.ts';

describe('Embedded Metric Format', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('one JSON line CloudWatch turns into metrics: namespace Shouhu, dimension Function, values at the top level', () => {
    const at = new Date('2026-12-04T05:00:00Z');
    const line = emfLine('shouhu-prod-publisher', { PublisherLagSeconds: { value: 42, unit: 'Seconds' }, PublisherRunFailed: { value: 0, unit: 'Count' } }, at);
    expect(line).not.toContain('\n');
    expect(JSON.parse(line)).toEqual({
      _aws: {
        Timestamp: at.getTime(),
        CloudWatchMetrics: [
          {
            Namespace: 'Shouhu',
            Dimensions: [['Function']],
            Metrics: [
              { Name: 'PublisherLagSeconds', Unit: 'Seconds' },
              { Name: 'PublisherRunFailed', Unit: 'Count' },
            ],
          },
        ],
      },
      Function: 'shouhu-prod-publisher',
      PublisherLagSeconds: 42,
      PublisherRunFailed: 0,
    });
  });

  it('prints only in Lambda (a function name), never in npm start', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    emitMetrics(undefined, { PurgeRunFailed: { value: 1, unit: 'Count' } });
    expect(log).not.toHaveBeenCalled();
    emitMetrics('shouhu-prod-purge', { PurgeRunFailed: { value: 1, unit: 'Count' } });
    expect(log).toHaveBeenCalledTimes(1);
    expect(JSON.parse(log.mock.calls[0]![0] as string)).toMatchObject({ Function: 'shouhu-prod-purge', PurgeRunFailed: 1 });
  });
});
