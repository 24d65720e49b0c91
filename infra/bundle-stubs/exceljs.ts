/**
 * Stands in for exceljs in the public API function's bundle (esbuild
 * `--alias:exceljs=…`, infra/constructs/bundling.ts). The API never reads
 * spreadsheets: `POST /api/admin/institutions/import` is routed to the import
 * function, whose bundle has the real exceljs. If this is ever reached, the
 * route was sent to the wrong function: say so rather than fail obscurely.
 */
const unavailable = (): never => {
  throw new Error('exceljs is not in this function\'s bundle: POST /api/admin/institutions/import must be routed to the import function (infra/constructs/api.ts)');
};

export default {
  get Workbook(): never {
    return unavailable();
  },
};
