import type { TestProject } from 'vitest/node';
import { startEmulators } from '../../infra/local/emulators.ts';
import { freePort } from '../../infra/local/ports.ts';

/**
 * One DynamoDB Local (in memory) and one fauxqs for the whole integration run. Test files isolate
 * themselves by resource-name prefix, so they run in parallel against the same emulators.
 */
export default async function setup(project: TestProject) {
  const emulators = await startEmulators({ dynamodbPort: await freePort(), sqsPort: await freePort() });
  project.provide('dynamodbEndpoint', emulators.dynamodbEndpoint);
  project.provide('sqsEndpoint', emulators.sqsEndpoint);
  return async () => {
    await emulators.stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
    sqsEndpoint: string;
  }
}
