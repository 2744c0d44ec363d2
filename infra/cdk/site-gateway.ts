import { type CfnElement, Stack } from 'aws-cdk-lib';
import {
  AccessLogFormat,
  AwsIntegration,
  EndpointType,
  HttpIntegration,
  type IntegrationResponse,
  LogGroupLogDestination,
  type MethodResponse,
  RestApi,
  SecurityPolicy,
} from 'aws-cdk-lib/aws-apigateway';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ORIGIN_VERIFY_HEADER, VIEWER_IP_HEADER } from '../../shared/http/edge.ts';
import { names, removalPolicy, type StageConfig } from './config.ts';
import { acknowledge } from './nag.ts';

export interface SiteGatewayProps {
  readonly config: StageConfig;
  readonly siteBucket: IBucket;
  /** `https://<id>.execute-api.<region>.<suffix>`: where `/api/*` and `/open311/*` go on. */
  readonly apiEndpoint: string;
  /** First path segments handed to the API (`api`, `open311`). */
  readonly apiPrefixes: readonly string[];
  /** The origin-verify secret's value (a dynamic reference, resolved at deploy time). */
  readonly originVerify: string;
  /** Response headers of every page (the local static server's security headers and HSTS). */
  readonly headers: Readonly<Record<string, string>>;
  /** The ICP-filed site domain and its ACM certificate in this region. */
  readonly domain?: { readonly name: string; readonly certificateArn: string };
}

/**
 * The site without CloudFront (china profile): an API Gateway REST API on the site's ICP-filed domain that reads
 * the pages from the private site bucket (an S3 service integration with a role that may only `GetObject`) and
 * passes `/api/*` and `/open311/*` to the HTTP API with the viewer's address and the origin-verify secret, as
 * CloudFront does in the global profile. One origin for pages and API, so the pages need no CORS and no API
 * base URL. A REST API, because an HTTP API has no S3 integration.
 */
export class SiteGateway extends Construct {
  readonly api: RestApi;

  constructor(scope: Construct, id: string, props: SiteGatewayProps) {
    super(scope, id);
    const { config } = props;
    const logs = new LogGroup(this, 'AccessLogs', {
      retention: config.logRetention,
      removalPolicy: removalPolicy(config),
    });
    this.api = new RestApi(this, 'Api', {
      restApiName: `${names.httpApi(config.prefix)}-site`,
      description: `Huiyin ${config.stage}: the site and its /api on the ICP-filed domain (no CloudFront)`,
      endpointConfiguration: { types: [EndpointType.REGIONAL] },
      // Pages, scripts, fonts and images pass through unchanged; so do API bodies.
      binaryMediaTypes: ['*/*'],
      cloudWatchRole: false,
      // With its own domain nothing else should reach it (the stage path would break the pages' absolute links).
      disableExecuteApiEndpoint: Boolean(props.domain),
      deployOptions: {
        stageName: 'site',
        throttlingRateLimit: config.throttle.rateLimit,
        throttlingBurstLimit: config.throttle.burstLimit,
        accessLogDestination: new LogGroupLogDestination(logs),
        // Resource paths, not request paths: these carry tracking codes and survey tokens.
        accessLogFormat: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTimeEpoch',
            sourceIp: '$context.identity.sourceIp',
            resourcePath: '$context.resourcePath',
            httpMethod: '$context.httpMethod',
            status: '$context.status',
            responseLength: '$context.responseLength',
            latencyMs: '$context.responseLatency',
          }),
        ),
      },
      ...(props.domain
        ? {
            domainName: {
              domainName: props.domain.name,
              certificate: Certificate.fromCertificateArn(this, 'Certificate', props.domain.certificateArn),
              endpointType: EndpointType.REGIONAL,
              securityPolicy: SecurityPolicy.TLS_1_2,
            },
          }
        : {}),
    });

    const reader = new Role(this, 'ReadRole', {
      assumedBy: new ServicePrincipal('apigateway.amazonaws.com'),
      description: `Huiyin ${config.stage}: the site gateway reads the pages`,
    });
    reader.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['s3:GetObject'], resources: [props.siteBucket.arnForObjects('*')] }),
    );
    const bucketId = Stack.of(this).getLogicalId(props.siteBucket.node.defaultChild as CfnElement);
    acknowledge(
      reader,
      `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/*]`,
      'The site gateway reads any page of the site bucket (paths are the visitor’s), and only GetObject.',
    );

    const staticHeaders = Object.fromEntries(
      Object.entries(props.headers).map(([name, value]) => [
        `method.response.header.${name}`,
        `'${value.replace(/'/g, "\\'")}'`,
      ]),
    );
    const passedHeaders = ['Content-Type', 'Cache-Control', 'ETag', 'Last-Modified'];
    const integrationResponses: IntegrationResponse[] = [
      {
        statusCode: '200',
        responseParameters: {
          ...Object.fromEntries(
            passedHeaders.map((name) => [
              `method.response.header.${name}`,
              `integration.response.header.${name}`,
            ]),
          ),
          ...staticHeaders,
        },
      },
      {
        // S3 answers 403 for a missing key the role may not list: both are "no such page" to a visitor.
        statusCode: '404',
        selectionPattern: '4\\d\\d',
        responseParameters: {
          'method.response.header.Content-Type': "'text/plain; charset=utf-8'",
          ...staticHeaders,
        },
        responseTemplates: { 'application/json': '页面不存在 / Not found' },
      },
    ];
    const declared = (status: string, names: readonly string[]): MethodResponse => ({
      statusCode: status,
      responseParameters: Object.fromEntries(names.map((name) => [`method.response.header.${name}`, true])),
    });
    const methodResponses = [
      declared('200', [...passedHeaders, ...Object.keys(props.headers)]),
      declared('404', ['Content-Type', ...Object.keys(props.headers)]),
    ];
    const page = (key: string) =>
      new AwsIntegration({
        service: 's3',
        integrationHttpMethod: 'GET',
        path: `${props.siteBucket.bucketName}/{key}`,
        options: {
          credentialsRole: reader,
          requestParameters: { 'integration.request.path.key': key },
          integrationResponses,
        },
      });
    const methods = [
      this.api.root.addMethod('GET', page("'index.html'"), { methodResponses }),
      this.api.root.addResource('{key+}').addMethod('GET', page('method.request.path.key'), {
        requestParameters: { 'method.request.path.key': true },
        methodResponses,
      }),
    ];

    for (const prefix of props.apiPrefixes) {
      const method = this.api.root
        .addResource(prefix)
        .addResource('{path+}')
        .addMethod(
          'ANY',
          new HttpIntegration(`${props.apiEndpoint}/${prefix}/{path}`, {
            httpMethod: 'ANY',
            proxy: true,
            options: {
              requestParameters: {
                'integration.request.path.path': 'method.request.path.path',
                [`integration.request.header.${ORIGIN_VERIFY_HEADER}`]: `'${props.originVerify}'`,
                [`integration.request.header.${VIEWER_IP_HEADER}`]: 'context.identity.sourceIp',
              },
            },
          }),
          { requestParameters: { 'method.request.path.path': true } },
        );
      methods.push(method);
    }

    for (const method of methods) {
      acknowledge(
        method,
        'AwsSolutions-APIG4',
        'The public site and the API behind it: pages are public; the HTTP API authorises staff routes itself ' +
          '(JWT authorizer) and throttles and validates the public ones.',
      );
      acknowledge(
        method,
        'AwsSolutions-COG4',
        'No Cognito in AWS China; staff tokens are checked by the HTTP API’s JWT authorizer behind this gateway.',
      );
    }
    acknowledge(
      this.api,
      'AwsSolutions-APIG2',
      'Pages are GETs of static files; API requests are validated by the handlers behind (zod, problem+json).',
    );
    acknowledge(
      this.api.deploymentStage,
      'AwsSolutions-APIG3',
      'No web ACL by default: a regional AWS WAF web ACL can be associated with this stage (docs/deploy-china.md).',
    );
    acknowledge(
      this.api.deploymentStage,
      'AwsSolutions-APIG6',
      'Access logs by resource path are kept; execution logs would need the account-wide CloudWatch role and ' +
        'would log request paths with tracking codes.',
    );
  }
}
