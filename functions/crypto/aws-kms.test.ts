import { KMS } from '@aws-sdk/client-kms';
import { describe, expect, it } from 'vitest';
import { createAwsKms } from './aws-kms.ts';
import type { KmsApi } from './kms-key-provider.ts';

describe('the AWS KMS client for the case key provider', () => {
  it('loads the SDK on first use only, once, for the configured region', async () => {
    let loads = 0;
    const regions: string[] = [];
    class FakeKms {
      constructor(config: { region: string }) {
        regions.push(config.region);
      }
      generateDataKey = async () => ({ Plaintext: new Uint8Array(32), CiphertextBlob: new Uint8Array([1]) });
      decrypt = async () => ({ Plaintext: new Uint8Array(32) });
    }
    const kms = createAwsKms({
      region: 'cn-north-1',
      load: async () => {
        loads += 1;
        return { KMS: FakeKms as unknown as typeof KMS };
      },
    });
    expect(loads).toBe(0);
    await kms.generateDataKey({ KeyId: 'k', KeySpec: 'AES_256', EncryptionContext: { caseNumber: '1' } });
    await kms.decrypt({ CiphertextBlob: new Uint8Array([1]), KeyId: 'k', EncryptionContext: { caseNumber: '1' } });
    expect(loads).toBe(1);
    expect(regions).toEqual(['cn-north-1']);
  });

  it('tries the load again after it failed', async () => {
    let attempts = 0;
    const kms = createAwsKms({
      region: 'cn-north-1',
      load: async () => {
        attempts += 1;
        if (attempts === 1) throw new Error('not yet');
        return { KMS: class {
          decrypt = async () => ({ Plaintext: new Uint8Array([7]) });
        } as unknown as typeof KMS };
      },
    });
    const input = { CiphertextBlob: new Uint8Array([1]), EncryptionContext: { caseNumber: '1' } };
    await expect(kms.decrypt(input)).rejects.toThrow('not yet');
    expect(await kms.decrypt(input)).toEqual({ Plaintext: new Uint8Array([7]) });
    expect(attempts).toBe(2);
  });

  it('fits the real client from @aws-sdk/client-kms (made, never called: no network here)', () => {
    const client: KmsApi = new KMS({ region: 'cn-north-1' });
    expect(typeof client.generateDataKey).toBe('function');
    expect(typeof client.decrypt).toBe('function');
  });
});
