/**
 * The one module that reads IAM server certificates (the site's certificate in
 * China, where CloudFront cannot use ACM): its expiration date, for the daily
 * certificate watch (functions/jobs/cert-expiry.ts). Metadata only: IAM never
 * returns the private key.
 */
import { GetServerCertificateCommand, IAMClient } from '@aws-sdk/client-iam';

export type CertificateExpiration = (name: string) => Promise<Date>;

/** What is used of IAMClient: sending GetServerCertificate (a stub in tests). */
export interface IamSender {
  send(command: GetServerCertificateCommand): Promise<{ ServerCertificate?: { ServerCertificateMetadata?: { Expiration?: Date } } }>;
}

export function iamCertificateExpiration(options: { region?: string | undefined; client?: IamSender } = {}): CertificateExpiration {
  const iam: IamSender = options.client ?? new IAMClient({ ...(options.region ? { region: options.region } : {}) });
  return async (name) => {
    const answer = await iam.send(new GetServerCertificateCommand({ ServerCertificateName: name }));
    const expiration = answer.ServerCertificate?.ServerCertificateMetadata?.Expiration;
    if (!expiration) throw new Error(`IAM returned no expiration for server certificate ${name}`);
    return new Date(expiration);
  };
}
