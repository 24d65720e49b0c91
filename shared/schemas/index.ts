export * from './common.ts';
export * from './department.ts';
export * from './institution.ts';
export * from './cases.ts';
export * from './guidance.ts';
export * from './staff.ts';
