/**
 * Every log the stack writes is kept at least `days` (China's Cybersecurity Law,
 * art. 21: network logs for six months or more; infra/config.ts refuses less than
 * 180). An aspect rather than a prop on each construct, so that a log group added
 * later, or one aws-cdk-lib creates for its own functions (BucketDeployment's), is
 * kept as long without anyone remembering to say so.
 *
 * A log group with a longer retention keeps it; one without any (kept forever) gets
 * `days`: logs hold client details and are not kept longer than the law asks unless
 * an operator raises `logRetentionDays`.
 */
import { type IAspect } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { IConstruct } from 'constructs';

export class LogRetentionFloor implements IAspect {
  constructor(private readonly days: number) {}

  visit(node: IConstruct): void {
    if (!(node instanceof logs.CfnLogGroup)) return;
    const current = node.retentionInDays;
    if (current === undefined || (typeof current === 'number' && current < this.days)) node.retentionInDays = this.days;
  }
}
