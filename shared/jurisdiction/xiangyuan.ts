import { parseJurisdiction } from './parse.ts';
import { XIANGYUAN_CONFIG } from './xiangyuan-config.ts';

/** 襄垣县, parsed (./xiangyuan-config.ts is the configuration). */
export const xiangyuan = parseJurisdiction(XIANGYUAN_CONFIG);
