export { runImport, newInstitutionId, type RunImportOptions, type RunImportResult } from './run.ts';
export { readSheet, ImportFileError, MAX_IMPORT_ROWS, type Sheet } from './read.ts';
export { planImport, lookupKeys, type ImportPlan, type PlannedRow, type ImportLookups } from './plan.ts';
export { applyPlan, isConflict, type ApplyResult } from './apply.ts';
export { ImportReport, ImportRowReport, buildReport } from './report.ts';
export { COLUMNS, TEMPLATE_HEADERS, rowOf, type ColumnKey } from './columns.ts';
