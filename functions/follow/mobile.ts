/**
 * A follower's mobile, sealed with the cases key under an encryption context
 * that binds it to its subscription. Apart from ./service.ts (the API's
 * follow routes) so that the message sender (./sender.ts, in the notify job)
 * opens a mobile without loading the follow routes' code, the case recovery
 * and the institutions' records at its cold start.
 */
import { openEnvelope, type KeyProvider } from '../crypto/envelope.ts';
import type { Subscription } from '../data/follows.ts';

/** What binds a follower's sealed mobile to its subscription (KMS encryption context key: `follow`). */
export const followContext = (institutionId: string, mobileKey: string) => ({ follow: `${institutionId}#${mobileKey}` });

/** The follower's mobile, opened to send a message. */
export async function openFollowerMobile(keys: KeyProvider, subscription: Subscription): Promise<string> {
  const envelope = await openEnvelope(keys, followContext(subscription.institutionId, subscription.mobileKey), subscription.wrappedKey);
  try {
    return envelope.open('mobile', subscription.sealedMobile);
  } finally {
    envelope.dispose();
  }
}
