import { Aws, CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  ApiMapping,
  CorsHttpMethod,
  DomainName,
  HttpApi,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer, HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { AuthStack } from './auth-stack.ts';
import { names, removalPolicy, type StageConfig, type Topology } from './config.ts';

export interface ApiStackProps extends StackProps {
  readonly config: StageConfig;
  readonly topology: Topology;
  /** The Cognito pool whose tokens staff routes take; without it, `config.staffIssuer` (china profile). */
  readonly auth?: AuthStack;
  /** Origins other than the site's own (which shares the API's origin through CloudFront). */
  readonly corsOrigins?: readonly string[];
  /** The API's own domain and its certificate (in the stack's region); CloudFront reaches the API by it. */
  readonly domain?: { readonly name: string; readonly certificateArn: string };
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
  readonly staffAuthorizer: HttpUserPoolAuthorizer | HttpJwtAuthorizer;
  /** The host CloudFront forwards API requests to: the API's own domain, else its execute-api endpoint. */
  readonly originDomain: string;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { config, topology, auth } = props;

    const methods = [...new Set(topology.routes.map((route) => route.method))].sort();
    if (config.behindCloudFront && config.retainData && !props.domain) {
      throw new Error(
        'Behind CloudFront the API needs its own domain, so its execute-api endpoint can be switched off: ' +
          'pass -c apiDomain=<api.example.gov.cn> -c apiCertificateArn=<ACM certificate in this region>',
      );
    }
    // Off the edge only by its own domain: with the default endpoint disabled, the execute-api host answers
    // 403 to everyone, CloudFront included (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-disable-default-endpoint.html).
    const disableDefaultEndpoint = config.behindCloudFront && Boolean(props.domain);
    this.httpApi = new HttpApi(this, 'HttpApi', {
      apiName: names.httpApi(config.prefix),
      description: `Huiyin HTTP API (${config.stage})`,
      createDefaultStage: false,
      disableExecuteApiEndpoint: disableDefaultEndpoint,
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
    // Route keys, not paths: paths carry tracking codes and survey tokens, which do not belong in logs. No
    // address and no user agent either: a line with the caller's address next to the help mailbox's route key
    // and a time would link an anonymous letter to a connection (docs/intake-channels.md). Abuse is counted by
    // the rate limiter's hashed counters instead.
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

    // Cognito's pool (global), or the county's OIDC provider (china, where API Gateway has no Cognito
    // authorizers): a JWT authorizer with its issuer, the console's client as audience, keys from its discovery.
    const identitySource = ['$request.header.Authorization'];
    if (auth) {
      this.staffAuthorizer = new HttpUserPoolAuthorizer('StaffAuthorizer', auth.userPool, {
        userPoolClients: [auth.userPoolClient],
        identitySource,
      });
    } else if (config.staffIssuer) {
      this.staffAuthorizer = new HttpJwtAuthorizer('StaffAuthorizer', config.staffIssuer.issuer, {
        jwtAudience: [config.staffIssuer.clientId],
        identitySource,
      });
    } else {
      throw new Error('staff routes need an issuer: the Cognito pool or the stage config staffIssuer');
    }

    if (props.domain) {
      const domainName = new DomainName(this, 'ApiDomain', {
        domainName: props.domain.name,
        certificate: Certificate.fromCertificateArn(this, 'ApiCertificate', props.domain.certificateArn),
      });
      new ApiMapping(this, 'ApiDomainMapping', { api: this.httpApi, domainName, stage: this.stage });
      new CfnOutput(this, 'ApiDomainTarget', {
        value: domainName.regionalDomainName,
        description: `DNS: ${props.domain.name} CNAME (or alias) to this regional API Gateway domain`,
      });
    }
    this.originDomain =
      props.domain?.name ?? `${this.httpApi.apiId}.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX}`;

    new CfnOutput(this, 'HttpApiUrl', {
      value: props.domain ? `https://${props.domain.name}` : this.httpApi.apiEndpoint,
      description: disableDefaultEndpoint
        ? 'The API by its own domain: CloudFront forwards /api to it; the execute-api endpoint is disabled'
        : 'Base URL of the HTTP API (the site reaches it through CloudFront under /api)',
    });
  }
}
