/**
 * The jobs' metrics as CloudWatch Embedded Metric Format: one JSON line on
 * stdout, which CloudWatch Logs turns into metrics (no SDK, no API call).
 * Namespace `Shouhu`, dimension `Function` (the Lambda function's name).
 * Only in Lambda: elsewhere (npm start, tests) nothing is printed.
 */
export const METRICS_NAMESPACE = 'Shouhu';

export type MetricUnit = 'Seconds' | 'Count' | 'None';

/** The EMF line for some metrics of one function, at one time. */
export function emfLine(functionName: string, metrics: Record<string, { value: number; unit: MetricUnit }>, at: Date): string {
  return JSON.stringify({
    _aws: {
      Timestamp: at.getTime(),
      CloudWatchMetrics: [
        {
          Namespace: METRICS_NAMESPACE,
          Dimensions: [['Function']],
          Metrics: Object.entries(metrics).map(([Name, m]) => ({ Name, Unit: m.unit })),
        },
      ],
    },
    Function: functionName,
    ...Object.fromEntries(Object.entries(metrics).map(([name, m]) => [name, m.value])),
  });
}

/** Prints the metrics when running in Lambda (functionName from functions/config.ts `readFunctionName`). */
export function emitMetrics(functionName: string | undefined, metrics: Record<string, { value: number; unit: MetricUnit }>, at = new Date()): void {
  if (functionName) console.log(emfLine(functionName, metrics, at));
}
