import { describe, expect, it } from 'vitest';
import { iamCertificateExpiration, type IamSender } from './iam-certificate.ts';

const stub = (expiration: Date | undefined) => {
  const sent: unknown[] = [];
  const client: IamSender = {
    send: async (command) => {
      sent.push(command.input);
      return { ServerCertificate: { ServerCertificateMetadata: expiration ? { Expiration: expiration } : {} } };
    },
  };
  return { client, sent };
};

describe('IAM certificate expiration', () => {
  it('asks IAM for the named certificate and returns its expiration', async () => {
    const { client, sent } = stub(new Date('2027-03-01T00:00:00Z'));
    await expect(iamCertificateExpiration({ client })('shouhu-2026')).resolves.toEqual(new Date('2027-03-01T00:00:00Z'));
    expect(sent).toEqual([{ ServerCertificateName: 'shouhu-2026' }]);
  });

  it('fails rather than report a certificate without an expiration', async () => {
    const { client } = stub(undefined);
    await expect(iamCertificateExpiration({ client })('shouhu-2026')).rejects.toThrow(/no expiration.*shouhu-2026/);
  });
});
