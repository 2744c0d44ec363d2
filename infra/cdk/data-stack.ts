import { Stack, type StackProps } from 'aws-cdk-lib';
import {
  AttributeType,
  BillingMode,
  ProjectionType,
  StreamViewType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import type { Key } from 'aws-cdk-lib/aws-kms';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { type SecretName, type TableName, tablePhysicalName } from '../../shared/topology.ts';
import {
  forwardsViewerAddress,
  names,
  removalPolicy,
  type SecretDef,
  type StageConfig,
  secretDefs,
  type Topology,
} from './config.ts';
import { customerKey, pascal, viaServiceFromStack } from './constructs.ts';
import { acknowledge } from './nag.ts';

export interface DataStackProps extends StackProps {
  readonly config: StageConfig;
  readonly topology: Topology;
}

/** DynamoDB's limit on projected non-key attributes, summed over all secondary indexes of a table. */
export const MAX_PROJECTED_ATTRIBUTES = 100;

/**
 * The tables and what guards them: the main table (GSIs exactly as `mainTableIndexes` says, INCLUDE projections,
 * stream, PITR, TTL), the idempotency, similar, pending and facts tables, their customer-managed key, and the
 * functions' secrets (same key). Retained and deletion-protected in prod; the other stacks can be redeployed,
 * or torn down and rebuilt, without touching data.
 */
export class DataStack extends Stack {
  readonly key: Key;
  readonly tables: Record<TableName, Table>;
  /**
   * One generated secret per topology secret, encrypted with the data key and kept across deployments; the
   * origin-verify secret only in a stage behind CloudFront.
   */
  readonly secrets: Partial<Record<SecretName, Secret>>;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { config, topology } = props;
    const { prefix } = config;
    const removal = removalPolicy(config);

    const projected = topology.mainTableIndexes.reduce((sum, index) => sum + index.projected.length, 0);
    if (projected > MAX_PROJECTED_ATTRIBUTES) {
      throw new Error(
        `mainTableIndexes project ${projected} attributes; DynamoDB allows ${MAX_PROJECTED_ATTRIBUTES} per table`,
      );
    }

    this.key = customerKey(this, 'DataKey', 'data', config, 'DynamoDB tables and their streams');
    // AWS::DynamoDB::Table, not TableV2 (a global table): a global table's customer-managed key is set per
    // replica region, which an environment-agnostic stack cannot name. No replicas are planned (docs/deploy.md).
    const common = {
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: 'expiresAt',
      deletionProtection: config.retainData,
      removalPolicy: removal,
    } as const;

    const main = new Table(this, 'MainTable', {
      ...common,
      tableName: tablePhysicalName(prefix, 'main'),
      partitionKey: { name: 'PK', type: AttributeType.STRING },
      sortKey: { name: 'SK', type: AttributeType.STRING },
      stream: StreamViewType.NEW_AND_OLD_IMAGES,
    });
    for (const index of topology.mainTableIndexes) {
      main.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType.INCLUDE,
        nonKeyAttributes: [...index.projected],
      });
    }
    const idempotency = new Table(this, 'IdempotencyTable', {
      ...common,
      tableName: tablePhysicalName(prefix, 'idempotency'),
      partitionKey: { name: 'id', type: AttributeType.STRING },
    });
    // What the pipeline never reacts to, kept off the main table's stream: keys PK/SK, no stream, no indexes.
    const pkSkTable = (id: string, name: TableName) =>
      new Table(this, id, {
        ...common,
        tableName: tablePhysicalName(prefix, name),
        partitionKey: { name: 'PK', type: AttributeType.STRING },
        sortKey: { name: 'SK', type: AttributeType.STRING },
      });
    // The similar-case index and hot topics; pending markers (what the pipeline still owes); report facts.
    const similar = pkSkTable('SimilarTable', 'similar');
    const pending = pkSkTable('PendingTable', 'pending');
    const facts = pkSkTable('FactsTable', 'facts');
    this.tables = { main, idempotency, similar, pending, facts };

    this.secrets = {};
    for (const [name, secret] of Object.entries(secretDefs) as [SecretName, SecretDef][]) {
      if (name === 'originVerify' && !forwardsViewerAddress(config)) continue;
      const created = new Secret(this, pascal(secret.name), {
        secretName: names.secret(prefix, secret.name),
        description: `Huiyin: ${secret.description}`,
        encryptionKey: this.key,
        generateSecretString: { passwordLength: 48, excludePunctuation: true },
        removalPolicy: removal,
      });
      acknowledge(
        created,
        'AwsSolutions-SMG4',
        `Read by the functions at cold start; rotating it ${secret.rotation}, so it is rotated deliberately ` +
          '(docs/deploy.md, "Secrets"), not on a schedule.',
      );
      this.secrets[name] = created;
    }
    viaServiceFromStack(this);
  }
}
