/** The health check (`/api/health`): DynamoDB reachable and the table there. */
import { health } from '../routes/health.ts';
import { apiRouter, groupOf } from './group-app.ts';

export function healthGroup() {
  return groupOf({ api: apiRouter().route('/health', health) });
}
