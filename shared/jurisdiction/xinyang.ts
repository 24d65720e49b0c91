import { parseJurisdiction } from './parse.ts';
import { XINYANG_CONFIG } from './xinyang-config.ts';

/** 信阳市, parsed (./xinyang-config.ts is the configuration). */
export const xinyang = parseJurisdiction(XINYANG_CONFIG);
