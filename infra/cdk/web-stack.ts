import {
  Annotations,
  Aws,
  type CfnElement,
  CfnOutput,
  Duration,
  Stack,
  type StackProps,
  Token,
} from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  type BehaviorOptions,
  CacheCookieBehavior,
  CacheHeaderBehavior,
  CachePolicy,
  CacheQueryStringBehavior,
  type CfnDistribution,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestCookieBehavior,
  OriginRequestHeaderBehavior,
  OriginRequestPolicy,
  OriginRequestQueryStringBehavior,
  OriginSslPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  type ResponseSecurityHeadersBehavior,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import { type SiteConfig, siteConfigPath } from '../../shared/auth/site-config.ts';
import {
  cacheKeyHeaders,
  forwardedViewerHeaders,
  ORIGIN_VERIFY_HEADER,
  VIEWER_ADDRESS_HEADER,
} from '../../shared/http/edge.ts';
import { siteSecurityHeaders } from '../local/static-files.ts';
import type { ApiStack } from './api-stack.ts';
import { names, removalPolicy, type StageConfig, type Topology } from './config.ts';
import { accessLogBucket } from './constructs.ts';
import type { DataStack } from './data-stack.ts';
import { acknowledge } from './nag.ts';
import { SiteGateway } from './site-gateway.ts';

/** The site's host while a china deployment has no domain yet (.invalid: never resolves, RFC 2606). */
export const placeholderSiteHost = 'site.huiyin.invalid';

/** Path patterns CloudFront forwards to the HTTP API instead of the site bucket. */
export const apiPathPatterns = ['/api/*', '/open311/*'] as const;

export interface WebStackProps extends StackProps {
  readonly config: StageConfig;
  readonly topology: Topology;
  readonly api: ApiStack;
  /** Holds the origin-verify secret CloudFront sends to the API. */
  readonly data: DataStack;
  /** Folder of the built site (`npm run build:web` → web/dist); `null` creates bucket and CDN with no upload. */
  readonly webAssets: string | null;
  readonly siteDomain?: string;
  readonly siteCertificateArn?: string;
  readonly webAclArn?: string;
  /** China profile: IAM server certificate ID for CloudFront on `siteDomain`. */
  readonly siteServerCertificateId?: string;
  /** `/config.json` (staff sign-in settings), written next to the pages; see `AuthStack.siteConfig`. */
  readonly siteConfig?: SiteConfig;
  /** Origins the staff pages call to sign in (the issuer's discovery and keys, the token endpoint): CSP `connect-src`. */
  readonly signInOrigins?: readonly string[];
}

/**
 * The site's headers with the endpoints of buckets browsers upload to added to the CSP's `connect-src` (presigned
 * PUTs go straight to S3) and `img-src` (the console shows attachments through presigned GETs). Everything else
 * is `siteSecurityHeaders` as the local static server sends it.
 */
export function withUploadOrigins(
  headers: Record<string, string>,
  origins: readonly string[],
  imageOrigins: readonly string[] = [],
): Record<string, string> {
  const key = Object.keys(headers).find((name) => name.toLowerCase() === 'content-security-policy');
  if (!key) return headers;
  const directives = headers[key]!.split(';').map((directive) => directive.trim());
  for (const [name, added] of [
    ['connect-src', origins],
    ['img-src', imageOrigins],
  ] as const) {
    if (added.length === 0) continue;
    const index = directives.findIndex((directive) => directive.startsWith(`${name} `));
    if (index === -1) directives.push(`${name} 'self' ${added.join(' ')}`);
    else directives[index] = `${directives[index]} ${added.join(' ')}`;
  }
  return { ...headers, [key]: directives.join('; ') };
}

/**
 * The pages' headers wherever they are served (CloudFront, or the China site gateway): uploads and sign-in may
 * connect to their endpoints, the console shows attachments from the buckets' presigned GETs.
 */
function siteHeaders(
  props: Pick<WebStackProps, 'config' | 'topology' | 'signInOrigins'>,
): Record<string, string> {
  const buckets = uploadOrigins(props.config.prefix, props.topology);
  return withUploadOrigins(siteSecurityHeaders, [...buckets, ...(props.signInOrigins ?? [])], buckets);
}

/** `https://<bucket>.s3.<region>.<suffix>`: the virtual-hosted endpoint presigned URLs point at. */
export function uploadOrigins(prefix: string, topology: Topology): string[] {
  return (Object.entries(topology.buckets) as [keyof Topology['buckets'], { browserUploads: boolean }][])
    .filter(([, bucket]) => bucket.browserUploads)
    .map(([name]) => `https://${names.bucket(prefix, name)}.s3.${Aws.REGION}.${Aws.URL_SUFFIX}`);
}

/**
 * CloudFront's security headers, from the headers the local static server sends (`siteSecurityHeaders`), so the
 * two cannot drift apart, plus HSTS, which only makes sense over HTTPS.
 */
export function securityHeadersBehavior(headers: Record<string, string>): {
  securityHeadersBehavior: ResponseSecurityHeadersBehavior;
  customHeaders: { header: string; value: string; override: boolean }[];
} {
  const behavior: Record<string, unknown> = {
    strictTransportSecurity: {
      accessControlMaxAge: Duration.days(730),
      includeSubdomains: true,
      preload: false,
      override: true,
    },
  };
  const customHeaders: { header: string; value: string; override: boolean }[] = [];
  for (const [name, value] of Object.entries(headers)) {
    switch (name.toLowerCase()) {
      case 'content-security-policy':
        behavior.contentSecurityPolicy = { contentSecurityPolicy: value, override: true };
        break;
      case 'x-content-type-options':
        if (value !== 'nosniff') throw new Error(`x-content-type-options: ${value} is not supported`);
        behavior.contentTypeOptions = { override: true };
        break;
      case 'x-frame-options': {
        const frameOption = Object.values(HeadersFrameOption).find(
          (option) => option === value.toUpperCase(),
        );
        if (!frameOption) throw new Error(`x-frame-options: ${value} is not supported`);
        behavior.frameOptions = { frameOption, override: true };
        break;
      }
      case 'referrer-policy': {
        const referrerPolicy = Object.values(HeadersReferrerPolicy).find((policy) => policy === value);
        if (!referrerPolicy) throw new Error(`referrer-policy: ${value} is not supported`);
        behavior.referrerPolicy = { referrerPolicy, override: true };
        break;
      }
      default:
        customHeaders.push({ header: name, value, override: true });
    }
  }
  return { securityHeadersBehavior: behavior as ResponseSecurityHeadersBehavior, customHeaders };
}

/**
 * The public site: the built pages in a private bucket behind CloudFront (origin access control), security
 * headers, HTTPS only, and (behind CloudFront) `/api/*` and `/open311/*` forwarded to the HTTP API with the
 * viewer's address and the origin-verify secret. Site and API share one origin, so the site needs no CORS.
 */
export class WebStack extends Stack {
  /** None in the china profile until the site has an ICP-filed domain and an IAM server certificate. */
  readonly distribution?: Distribution;
  /** The china profile's front door without CloudFront (site-gateway.ts). */
  readonly siteGateway?: SiteGateway;
  readonly siteBucket: Bucket;
  /** `https://<custom domain or distribution domain>`: where links in messages point. */
  readonly siteUrl: string;

  constructor(scope: Construct, id: string, props: WebStackProps) {
    super(scope, id, props);
    const { config } = props;
    const removal = removalPolicy(config);

    const logs = accessLogBucket(this, 'AccessLogBucket', config);
    this.siteBucket = new Bucket(this, 'SiteBucket', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 'site/',
      removalPolicy: removal,
      autoDeleteObjects: !config.retainData,
    });

    const china = config.profile === 'china';
    if (china && !config.behindCloudFront) {
      // No CloudFront (it needs an ICP-filed alias and an IAM certificate): API Gateway serves site and API.
      this.siteGateway = this.createSiteGateway(props);
      this.siteUrl = `https://${props.siteDomain ?? placeholderSiteHost}`;
      if (!props.siteDomain)
        Annotations.of(this).addWarningV2(
          'huiyin:china-site-domain',
          'China profile: the site gateway serves the pages only on its ICP-filed domain; pass -c siteDomain with -c siteCertificateArn (ACM, this region) (docs/deploy-china.md).',
        );
    } else {
      const { securityHeadersBehavior: securityHeaders, customHeaders } = securityHeadersBehavior(
        siteHeaders(props),
      );
      const responseHeadersPolicy = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
        comment: 'Huiyin: the headers of infra/local/static-files.ts, upload endpoints, HSTS',
        securityHeadersBehavior: securityHeaders,
        ...(customHeaders.length > 0 ? { customHeadersBehavior: { customHeaders } } : {}),
      });

      const apiBehaviors = config.behindCloudFront ? this.apiBehaviors(props, responseHeadersPolicy) : {};
      this.distribution = this.createDistribution(props, responseHeadersPolicy, apiBehaviors);
      this.siteUrl = `https://${props.siteDomain ?? this.distribution.distributionDomainName}`;
    }

    if (props.webAssets) {
      const deploymentLogs = new LogGroup(this, 'SiteDeploymentLogs', {
        retention: config.logRetention,
        removalPolicy: removal,
      });
      // Hashed assets first, cached for a year; then the pages that reference them, revalidated on every visit.
      // Neither prunes: pages cached in browsers keep finding the assets of the previous release.
      const assets = new BucketDeployment(this, 'DeployAssets', {
        sources: [Source.asset(props.webAssets)],
        destinationBucket: this.siteBucket,
        exclude: ['*'],
        include: ['assets/*'],
        prune: false,
        cacheControl: [CacheControl.fromString('public, max-age=31536000, immutable')],
        logGroup: deploymentLogs,
        memoryLimit: 256,
      });
      const pages = new BucketDeployment(this, 'DeployPages', {
        sources: [
          Source.asset(props.webAssets),
          ...(props.siteConfig ? [Source.jsonData(siteConfigPath.slice(1), props.siteConfig)] : []),
        ],
        destinationBucket: this.siteBucket,
        exclude: ['assets/*'],
        prune: false,
        cacheControl: [CacheControl.fromString('no-cache')],
        ...(this.distribution ? { distribution: this.distribution, distributionPaths: ['/*'] } : {}),
        logGroup: deploymentLogs,
        memoryLimit: 256,
      });
      pages.node.addDependency(assets);
      this.acknowledgeDeploymentHelper();
    }

    new CfnOutput(this, 'SiteUrl', { value: this.siteUrl, description: 'The public site (and /api)' });
    if (this.distribution) new CfnOutput(this, 'DistributionId', { value: this.distribution.distributionId });
  }

  /** API Gateway in front of the site bucket and the API, with the headers CloudFront would add. */
  private createSiteGateway(props: WebStackProps): SiteGateway {
    const originVerify = props.data.secrets.originVerify;
    if (!originVerify)
      throw new Error('the site gateway forwards viewer addresses: the origin-verify secret is missing');
    return new SiteGateway(this, 'SiteGateway', {
      config: props.config,
      siteBucket: this.siteBucket,
      apiEndpoint: props.api.httpApi.apiEndpoint,
      apiPrefixes: apiPathPatterns.map((pattern) => pattern.split('/')[1]!),
      originVerify: originVerify.secretValue.unsafeUnwrap(),
      headers: {
        ...siteHeaders(props),
        'Strict-Transport-Security': 'max-age=63072000; includeSubDomains',
      },
      ...(props.siteDomain && props.siteCertificateArn
        ? { domain: { name: props.siteDomain, certificateArn: props.siteCertificateArn } }
        : {}),
    });
  }

  /**
   * The site bucket (and, behind CloudFront, the API) on one distribution. Global: origin access control, an
   * ACM certificate from us-east-1, an optional global web ACL. China: origin access identity (AWS China has no
   * origin access control), the ICP-filed domain with its IAM server certificate, no web ACL and no price class.
   */
  private createDistribution(
    props: WebStackProps,
    responseHeadersPolicy: ResponseHeadersPolicy,
    apiBehaviors: Record<string, BehaviorOptions>,
  ): Distribution {
    const { config } = props;
    const china = config.profile === 'china';
    const customDomain =
      props.siteDomain && props.siteCertificateArn && !china
        ? {
            domainNames: [props.siteDomain],
            certificate: Certificate.fromCertificateArn(this, 'SiteCertificate', props.siteCertificateArn),
          }
        : {};
    const distribution = new Distribution(this, 'Distribution', {
      comment: `Huiyin ${config.stage}: public site and API`,
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: china
          ? S3BucketOrigin.withOriginAccessIdentity(this.siteBucket)
          : S3BucketOrigin.withOriginAccessControl(this.siteBucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy,
        compress: true,
      },
      additionalBehaviors: apiBehaviors,
      httpVersion: HttpVersion.HTTP2_AND_3,
      // Edges in North America, Europe and Asia (Hong Kong, Japan, Singapore…): the ones closest to residents.
      ...(china ? {} : { priceClass: PriceClass.PRICE_CLASS_200 }),
      ...customDomain,
      // Only a custom certificate can raise the viewer TLS floor; the default *.cloudfront.net one is fixed.
      ...(props.siteDomain && !china ? { minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021 } : {}),
      ...(props.webAclArn ? { webAclId: props.webAclArn } : {}),
    });
    if (china && props.siteDomain && props.siteServerCertificateId) {
      // CloudFront in China takes an IAM server certificate by its ID; CDK's Distribution knows only ACM.
      const cfn = distribution.node.defaultChild as CfnDistribution;
      cfn.addPropertyOverride('DistributionConfig.Aliases', [props.siteDomain]);
      cfn.addPropertyOverride('DistributionConfig.ViewerCertificate', {
        IamCertificateId: props.siteServerCertificateId,
        SslSupportMethod: 'sni-only',
        MinimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
      });
      acknowledge(
        distribution,
        'AwsSolutions-CFR4',
        'The viewer certificate is set as an override (an IAM server certificate, which CloudFront in China ' +
          'requires and CDK cannot express), SNI only with TLSv1.2_2021; test/infra/china.test.ts checks it.',
      );
    }
    if (china) {
      acknowledge(
        distribution,
        'AwsSolutions-CFR7',
        'AWS China has no CloudFront origin access control (AWS::CloudFront::OriginAccessControl is an unknown ' +
          'type there); the bucket admits only the origin access identity (profile.ts, chinaUnavailable).',
      );
    }

    acknowledge(
      distribution,
      'AwsSolutions-CFR3',
      'No CloudFront access logs: standard logs record URI and query, which carry tracking codes ' +
        '(/api/petitions/{code}, /track.html?code=). API calls are logged by route key (API access log), page ' +
        'fetches by S3 server access logs; field-selecting v2 logging needs a us-east-1 delivery (docs/deploy.md).',
    );
    acknowledge(
      distribution,
      'AwsSolutions-CFR1',
      'No geo restriction: petitioners may write from anywhere (migrant workers, relatives abroad); abuse is ' +
        'bounded by API throttling, idempotency keys and Lambda concurrency.',
    );
    if (!props.webAclArn) {
      acknowledge(
        distribution,
        'AwsSolutions-CFR2',
        'No WAF by default: a CLOUDFRONT-scope web ACL lives in us-east-1 and costs from $5/month plus rules; ' +
          'pass -c webAclArn=… to attach one (docs/deploy.md, "Hardening options").',
      );
    }
    if (!props.siteDomain && !china) {
      acknowledge(
        distribution,
        'AwsSolutions-CFR4',
        'Served on the default *.cloudfront.net certificate, whose TLS policy CloudFront fixes; with ' +
          '-c siteDomain/siteCertificateArn the distribution enforces TLSv1.2_2021 and this no longer applies.',
      );
    }
    return distribution;
  }

  /**
   * `/api/*` and `/open311/*` to the API, behind CloudFront: the API's own domain (or execute-api endpoint) as
   * origin, HTTPS only, the origin-verify custom header, and exactly the headers of shared/http/edge.ts.
   */
  private apiBehaviors(
    props: WebStackProps,
    responseHeadersPolicy: ResponseHeadersPolicy,
  ): Record<string, BehaviorOptions> {
    const originVerify = props.data.secrets.originVerify;
    if (!originVerify) throw new Error('behind CloudFront the data stack must hold the origin-verify secret');
    const apiOrigin = new HttpOrigin(props.api.originDomain, {
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [OriginSslPolicy.TLS_V1_2],
      // One dynamic reference, resolved at deploy time: the value never sits in the template.
      customHeaders: { [ORIGIN_VERIFY_HEADER]: originVerify.secretValue.unsafeUnwrap() },
    });
    // Viewer headers the API reads and the viewer's address; never Host (API Gateway routes on its own domain).
    const originRequestPolicy = new OriginRequestPolicy(this, 'ApiOriginRequestPolicy', {
      comment:
        'Huiyin API: the viewer headers the API reads, cookies, query strings, CloudFront-Viewer-Address',
      headerBehavior: OriginRequestHeaderBehavior.allowList(...forwardedViewerHeaders, VIEWER_ADDRESS_HEADER),
      cookieBehavior: OriginRequestCookieBehavior.all(),
      queryStringBehavior: OriginRequestQueryStringBehavior.all(),
    });
    // Authorization can only reach the origin through the cache key, and CloudFront takes cache-key headers only
    // when some caching is allowed: at most one second, and only for responses that ask to be cached (the
    // public catalog says max-age=60); everything else has no Cache-Control max-age and is never stored.
    const cachePolicy = new CachePolicy(this, 'ApiCachePolicy', {
      comment: 'Huiyin API: Authorization in the key, no caching beyond one second',
      headerBehavior: CacheHeaderBehavior.allowList(...cacheKeyHeaders),
      queryStringBehavior: CacheQueryStringBehavior.all(),
      cookieBehavior: CacheCookieBehavior.none(),
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.seconds(0),
      maxTtl: Duration.seconds(1),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    const behavior: BehaviorOptions = {
      origin: apiOrigin,
      // A redirect would turn a POST into a GET in some clients: plain HTTP is refused instead.
      viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: AllowedMethods.ALLOW_ALL,
      cachePolicy,
      originRequestPolicy,
      responseHeadersPolicy,
      compress: true,
    };
    return Object.fromEntries(apiPathPatterns.map((pattern) => [pattern, behavior]));
  }

  /**
   * The upload runs in aws-cdk-lib's own deployment helper (a singleton Lambda function that copies the site
   * from the CDK assets bucket and invalidates the distribution). Its runtime and role are CDK's, not ours.
   */
  private acknowledgeDeploymentHelper(): void {
    const helper = this.node.children.find((child) =>
      child.node.id.startsWith('Custom::CDKBucketDeployment'),
    );
    if (!helper) throw new Error('the BucketDeployment helper function was not found');
    const siteBucketArn = `<${this.getLogicalId(this.siteBucket.node.defaultChild as CfnElement)}.Arn>`;
    // A stack synthesized for a region (the china profile) has CDK write its partition and region as literals.
    const partition = Token.isUnresolved(this.partition) ? '<AWS::Partition>' : this.partition;
    const region = Token.isUnresolved(this.region) ? '<AWS::Region>' : this.region;
    const reason = (what: string) =>
      `aws-cdk-lib BucketDeployment helper, run only while deploying the site: ${what}. CDK generates this role.`;
    acknowledge(
      helper,
      'AwsSolutions-L1',
      reason('its runtime version is chosen and updated by aws-cdk-lib'),
    );
    acknowledge(
      helper,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason('writes its own logs with the basic execution policy'),
    );
    for (const action of ['s3:GetObject*', 's3:GetBucket*', 's3:List*']) {
      acknowledge(helper, `AwsSolutions-IAM5[Action::${action}]`, reason('reads the uploaded site archive'));
    }
    acknowledge(
      helper,
      `AwsSolutions-IAM5[Resource::arn:${partition}:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-${region}/*]`,
      reason('the archive is an object of the CDK bootstrap assets bucket'),
    );
    for (const action of ['s3:DeleteObject*', 's3:Abort*']) {
      acknowledge(
        helper,
        `AwsSolutions-IAM5[Action::${action}]`,
        reason('replaces objects in the site bucket'),
      );
    }
    acknowledge(
      helper,
      `AwsSolutions-IAM5[Resource::${siteBucketArn}/*]`,
      reason('writes the objects of the site bucket, and only that bucket'),
    );
    acknowledge(
      helper,
      'AwsSolutions-IAM5[Resource::*]',
      reason('creates and polls the CloudFront invalidation, which has no resource-level permissions'),
    );
  }
}
