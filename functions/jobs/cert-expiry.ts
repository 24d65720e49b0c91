/**
 * The certificate watch in AWS (infra/constructs/cert-expiry.ts), once a day: reads
 * the IAM server certificate CloudFront serves the site with (China: IAM
 * certificates do not renew themselves and have no CloudWatch metric) and logs
 * its days to expiry as an EMF metric (./cert-expiry-run.ts), which an alarm
 * watches. A certificate it cannot read fails the run (the function's Errors alarm).
 *
 * Environment: CERTIFICATE_NAME (the IAM server certificate's name).
 */
import { iamCertificateExpiration } from '../crypto/iam-certificate.ts';
import { certificateMetricRecord, checkCertificate, type CertificateCheck } from './cert-expiry-run.ts';

const expirationOf = iamCertificateExpiration({ region: process.env.AWS_REGION });

export async function handler(): Promise<CertificateCheck> {
  const name = process.env.CERTIFICATE_NAME;
  if (!name) throw new Error('CERTIFICATE_NAME is not set: the IAM server certificate to watch');
  const now = new Date();
  const check = checkCertificate(name, await expirationOf(name), now);
  console.log(JSON.stringify(certificateMetricRecord(check, process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'cert-expiry', now)));
  return check;
}
