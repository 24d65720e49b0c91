import { readAuthConfig, type AuthConfig } from '../config.ts';

/**
 * Sign-in settings, read once at cold start (functions/config.ts). In Lambda
 * a missing AUTH_SECRET stops the function here rather than running on the
 * development key.
 */
export const authSettings: AuthConfig = readAuthConfig();
