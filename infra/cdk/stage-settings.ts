/**
 * Stage settings the local runtime plays as well, kept free of aws-cdk-lib so `npm start` can import them
 * without loading CDK. `config.ts` builds the rest of each stage's configuration around them.
 */

export interface ThrottleSettings {
  /** Steady-state requests per second of each route (a token bucket's refill rate). */
  readonly rateLimit: number;
  /** Requests a route may take at once (the bucket's size). */
  readonly burstLimit: number;
}

/**
 * HTTP API `$default` stage throttling, applied by API Gateway to each route (DefaultRouteSettings) before any
 * function runs; over it a route answers 429 `{"message":"Too Many Requests"}`.
 */
export const stageThrottle = {
  dev: { rateLimit: 50, burstLimit: 100 },
  prod: { rateLimit: 200, burstLimit: 400 },
} as const satisfies Record<'dev' | 'prod', ThrottleSettings>;

/**
 * Whether the API sits behind CloudFront: then CloudFront forwards the viewer's address with the origin-verify
 * secret, and the API's own execute-api endpoint is switched off so nothing bypasses the distribution (and its
 * WAF). A profile without CloudFront (AWS China before an ICP filing) serves the API directly; then the source
 * IP is the viewer's and no forwarded address is believed.
 */
export const stageBehindCloudFront = { dev: true, prod: true } as const satisfies Record<
  'dev' | 'prod',
  boolean
>;
