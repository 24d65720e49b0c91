/**
 * The watch on an IAM server certificate (the one CloudFront serves the site with
 * in China, where ACM cannot be used): IAM certificates do not renew themselves and
 * CloudWatch has no metric for them, so a small function (functions/jobs/cert-expiry.ts)
 * reads the certificate once a day and logs `Shouhu/CertificateDaysToExpiry` as an
 * EMF metric, which infra/constructs/monitoring.ts alarms on.
 *
 * It may do one thing besides writing its log group: iam:GetServerCertificate on
 * that one certificate.
 */
import { Arn, ArnFormat, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { NODE22_REASON, ShouhuFunction } from './api-function.ts';
import { lambdaFunctions } from './bundling.ts';

export interface CertificateExpiryWatchProps {
  /** The IAM server certificate's name (not its ID: GetServerCertificate takes the name). */
  certificateName: string;
  architecture: 'arm64' | 'x86_64';
  code?: lambda.Code;
}

export class CertificateExpiryWatch extends Construct {
  readonly handler: ShouhuFunction;

  constructor(scope: Construct, id: string, props: CertificateExpiryWatchProps) {
    super(scope, id);
    this.handler = new ShouhuFunction(this, 'Handler', {
      entry: lambdaFunctions.certExpiry.entry,
      variant: lambdaFunctions.certExpiry.variant,
      description: 'Shouhu certificate watch (functions/jobs/cert-expiry.ts): days until the IAM server certificate expires',
      architecture: props.architecture,
      memorySize: 256,
      timeout: Duration.seconds(30),
      environment: { CERTIFICATE_NAME: props.certificateName },
      ...(props.code ? { code: props.code } : {}),
    });
    this.handler.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['iam:GetServerCertificate'],
        resources: [
          Arn.format(
            { service: 'iam', region: '', resource: 'server-certificate', resourceName: props.certificateName, arnFormat: ArnFormat.SLASH_RESOURCE_NAME },
            Stack.of(this),
          ),
        ],
      }),
    );
    new events.Rule(this, 'Daily', {
      description: 'Shouhu certificate watch: days until the IAM server certificate expires',
      schedule: events.Schedule.cron({ minute: '0', hour: '1' }),
      targets: [new targets.LambdaFunction(this.handler, { retryAttempts: 2 })],
    });
    Validations.of(this.handler).acknowledge({ id: 'AwsSolutions-L1', reason: NODE22_REASON });
  }
}
