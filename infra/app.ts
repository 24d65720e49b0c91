/**
 * The CDK app entry (cdk.json: `tsx infra/app.ts`). Configuration enters here,
 * once, from CDK context (infra/config.ts lists the keys), and reaches the stack
 * as props. cdk-nag's AWS Solutions checks run over everything.
 */
import { Annotations, App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { join } from 'node:path';
import { ConfigError, readConfig } from './config.ts';
import { ShouhuBackupCopyStack } from './constructs/backup.ts';
import { ShouhuStack } from './stack.ts';

const app = new App();

let config;
try {
  config = readConfig((key) => app.node.tryGetContext(key), {
    repoRoot: join(import.meta.dirname, '..'),
    defaultAccount: process.env.CDK_DEFAULT_ACCOUNT,
  });
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`✗ ${error.message}`);
    process.exit(1);
  }
  throw error;
}

const stack = new ShouhuStack(app, config.stackName, {
  env: { region: config.region, ...(config.account ? { account: config.account } : {}) },
  stage: config.stage,
  capabilities: config.capabilities,
  ...(config.domain ? { domain: config.domain } : {}),
  ...(config.siteAssetsDir ? { siteAssetsDir: config.siteAssetsDir } : {}),
  casesRetentionDays: config.casesRetentionDays,
  operations: {
    logRetentionDays: config.operations.logRetentionDays,
    ...(config.operations.alarmEmail ? { alarmEmail: config.operations.alarmEmail } : {}),
    backup: config.operations.backup,
    ...(config.operations.existingTable ? { existingTable: config.operations.existingTable } : {}),
    ...(config.operations.iamCertificateName ? { iamCertificateName: config.operations.iamCertificateName } : {}),
    tableIndexes: config.operations.tableIndexes,
  },
  apiThrottle: config.apiThrottle,
  wafRateLimit: config.wafRateLimit,
  ...(config.originSecretVersionId ? { originSecretVersionId: config.originSecretVersionId } : {}),
  terminationProtection: config.stage !== 'dev',
  description: `Shouhu (守护), ${config.stage}: site, API and data`,
});
for (const note of config.notes) Annotations.of(stack).addInfo(note);

// The vault backups are copied to, in the paired region: a stack of its own, deployed first.
const copyRegion = config.operations.backup.copyRegion;
if (copyRegion) {
  const copyStack = new ShouhuBackupCopyStack(app, `${config.stackName}-backup-copy`, {
    env: { region: copyRegion, ...(config.account ? { account: config.account } : {}) },
    stage: config.stage,
    terminationProtection: config.stage !== 'dev',
    description: `Shouhu (守护), ${config.stage}: the vault that keeps copies of the backups of ${config.region}`,
  });
  stack.addStackDependency(copyStack, 'backups are copied into its vault');
}

Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
