import { Aws, CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { type ReceiptRule, ReceiptRuleSet, TlsPolicy } from 'aws-cdk-lib/aws-ses';
import { Lambda, LambdaInvocationType, S3 } from 'aws-cdk-lib/aws-ses-actions';
import { Construct } from 'constructs';
import { type BucketName, type FunctionName, inboundMail } from '../../shared/topology.ts';
import { names, type StageConfig, type Topology } from './config.ts';
import type { FunctionRegistry } from './functions-stack.ts';
import type { StorageStack } from './storage-stack.ts';

/** The topology bucket SES stores inbound mail in, and the prefix (the topology expires it). */
export const MAIL_BUCKET: BucketName = inboundMail.bucket;
export const RAW_MAIL_PREFIX: string = inboundMail.prefix;
/** The function SES invokes after storing a message (the topology's `inboundMail`, as for the SMTP listener). */
export const MAILBOX_FUNCTION: FunctionName = inboundMail.fn;

export interface MailStackProps extends StackProps {
  readonly config: StageConfig;
  readonly topology: Topology;
  readonly storage: StorageStack;
  readonly functions: FunctionRegistry;
  /** Addresses or domains whose mail is taken in; without any, the rule is created disabled. */
  readonly recipients?: readonly string[];
}

/**
 * Petitions by e-mail: an SES receipt rule set that stores each message in the topology's mail bucket (under
 * `raw/`, encrypted with the storage key) and then invokes the mailbox function with the SES receipt.
 */
export class MailStack extends Stack {
  readonly inbound: InboundMail;

  constructor(scope: Construct, id: string, props: MailStackProps) {
    super(scope, id, props);
    this.inbound = new InboundMail(this, 'InboundMail', props);
    new CfnOutput(this, 'ReceiptRuleSetName', {
      value: this.inbound.ruleSet.receiptRuleSetName,
      description:
        'Activate once per account and region: aws ses set-active-receipt-rule-set --rule-set-name …',
    });
  }
}

export class InboundMail extends Construct {
  readonly ruleSet: ReceiptRuleSet;
  readonly rule: ReceiptRule;

  constructor(scope: Construct, id: string, props: MailStackProps) {
    super(scope, id);
    const { config, storage } = props;
    const bucket = storage.buckets[MAIL_BUCKET];
    if (!bucket) throw new Error(`the topology has no "${MAIL_BUCKET}" bucket for inbound mail`);

    // SES writes as a service; with SSE-KMS by default, S3 asks KMS for a data key on its behalf.
    storage.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'SesStoresInboundMail',
        principals: [new ServicePrincipal('ses.amazonaws.com')],
        actions: ['kms:Encrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    );

    this.ruleSet = new ReceiptRuleSet(this, 'RuleSet', {
      receiptRuleSetName: names.receiptRuleSet(config.prefix),
    });
    const recipients = props.recipients ?? [];
    this.rule = this.ruleSet.addRule('StoreAndTakeIn', {
      // Without recipients a rule matches every verified identity of the account: off until configured.
      enabled: recipients.length > 0,
      ...(recipients.length > 0 ? { recipients: [...recipients] } : {}),
      scanEnabled: true,
      // Optional, not required: refusing senders without TLS would bounce petitions from old mail servers.
      tlsPolicy: TlsPolicy.OPTIONAL,
      actions: [new S3({ bucket, objectKeyPrefix: RAW_MAIL_PREFIX })],
    });
    const mailbox = props.functions.functions[MAILBOX_FUNCTION] as IFunction | undefined;
    if (mailbox) this.connectMailboxFunction(mailbox);
  }

  /**
   * SES invokes the mailbox function (asynchronously, so Lambda retries a failure twice) after storing the
   * message. What the function may read comes from its `uses.buckets`, like every other grant.
   */
  connectMailboxFunction(fn: IFunction): void {
    this.rule.addAction(new Lambda({ function: fn, invocationType: LambdaInvocationType.EVENT }));
  }
}
