/**
 * Prints the current TOTP code of a demo account, for signing in locally
 * without an authenticator app:
 *
 *     npx tsx scripts/totp.ts city.publisher
 *
 * Demo accounts only (their secrets are public, in docs/demo-accounts.md).
 */
import { TOTP_PERIOD_SECONDS, totpCode } from '../functions/auth/totp.ts';
import { demoStaff, findDemoStaff } from './demo/staff.ts';

const withTotp = demoStaff.filter((s) => 'totpSecret' in s).map((s) => s.username);
const username = process.argv[2]?.trim().toLowerCase();
const demo = username ? findDemoStaff(username) : undefined;

if (!demo?.totpSecret) {
  console.error(username ? `✗ ${username} is not a demo account with two-step sign-in.` : '✗ Which account?');
  console.error(`  Usage: npx tsx scripts/totp.ts <username>   (one of: ${withTotp.join(', ')})`);
  process.exit(1);
}

const now = new Date();
const left = TOTP_PERIOD_SECONDS - (Math.floor(now.getTime() / 1000) % TOTP_PERIOD_SECONDS);
const next = new Date(now.getTime() + TOTP_PERIOD_SECONDS * 1000);
console.log(totpCode(demo.totpSecret, now));
console.error(`  ${demo.username}: valid for ${left} more s (next: ${totpCode(demo.totpSecret, next)}); each code signs in once.`);
