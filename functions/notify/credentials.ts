/**
 * A provider's key pair, read when first needed and kept for the process.
 * In AWS from a Secrets Manager secret named by ARN in the environment
 * (from-config.ts); in tests given directly. Never logged, never in an error.
 */
export interface KeyPair {
  id: string;
  secret: string;
}
export type KeyPairSource = () => Promise<KeyPair>;

export function once(source: KeyPairSource): KeyPairSource {
  let pending: Promise<KeyPair> | undefined;
  return () => {
    pending ??= source().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}

/** Template name → the id the provider gave it when it was approved. */
export type TemplateIds = Record<string, string>;

export function templateId(ids: TemplateIds, template: string): string {
  const id = ids[template];
  if (!id) throw new Error(`no provider template id configured for ${template}`);
  return id;
}
