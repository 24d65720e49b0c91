/**
 * Imported first by every console page's script, before any schema is built.
 * Zod compiles object parsers with `new Function` unless told not to, and
 * probes for it even then; the site's CSP (script-src 'self') forbids eval,
 * and Chromium reports the probe as a violation although zod catches the
 * error. `jitless` skips both: parsing stays correct, only a little slower.
 */
import { z } from 'zod';

z.config({ jitless: true });
