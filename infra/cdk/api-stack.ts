import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { CorsHttpMethod, HttpApi, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { AuthStack } from './auth-stack.ts';
import { names, removalPolicy, type StageConfig, type Topology } from './config.ts';

export interface ApiStackProps extends StackProps {
  readonly config: StageConfig;
  readonly topology: Topology;
  readonly auth: AuthStack;
  /** Origins other than the site's own (which shares the API's origin through CloudFront). */
  readonly corsOrigins?: readonly string[];
}

/** Request headers the site and the staff console send. */
export const corsAllowHeaders = ['authorization', 'content-type', 'idempotency-key'];

/**
 * The HTTP API itself: the API, its `$default` stage (throttling, access logs), CORS and the staff JWT
 * authorizer. Routes are not here: each route is created next to the function it invokes (functions stack), so
 * the web stack can put the API behind CloudFront and the functions can link to the site's domain without a
 * dependency cycle (api ← web ← functions → api).
 */
export class ApiStack extends Stack {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  /** Bound on the first staff route; creates nothing while the topology has none. */
  readonly staffAuthorizer: HttpUserPoolAuthorizer;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { config, topology, auth } = props;

    const methods = [...new Set(topology.routes.map((route) => route.method))].sort();
    this.httpApi = new HttpApi(this, 'HttpApi', {
      apiName: names.httpApi(config.prefix),
      description: `Huiyin HTTP API (${config.stage})`,
      createDefaultStage: false,
      ...(props.corsOrigins && props.corsOrigins.length > 0
        ? {
            corsPreflight: {
              allowOrigins: [...props.corsOrigins],
              allowMethods: [...methods.map((method) => CorsHttpMethod[method]), CorsHttpMethod.OPTIONS],
              allowHeaders: corsAllowHeaders,
              allowCredentials: false,
              maxAge: Duration.hours(1),
            },
          }
        : {}),
    });

    const accessLogs = new LogGroup(this, 'HttpApiAccessLogs', {
      retention: config.logRetention,
      removalPolicy: removalPolicy(config),
    });
    // Route keys, not paths: paths carry tracking codes and survey tokens, which do not belong in logs. Behind
    // CloudFront, sourceIp is the edge's address; the viewer's is in X-Forwarded-For, which the functions see.
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: config.throttle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTimeEpoch',
            sourceIp: '$context.identity.sourceIp',
            routeKey: '$context.routeKey',
            status: '$context.status',
            responseLength: '$context.responseLength',
            latencyMs: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
          }),
        ),
      },
    });

    this.staffAuthorizer = new HttpUserPoolAuthorizer('StaffAuthorizer', auth.userPool, {
      userPoolClients: [auth.userPoolClient],
      identitySource: ['$request.header.Authorization'],
    });

    new CfnOutput(this, 'HttpApiUrl', {
      value: this.httpApi.apiEndpoint,
      description: 'Base URL of the HTTP API (the site reaches it through CloudFront under /api)',
    });
  }
}
