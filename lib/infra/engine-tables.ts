/**
 * The engine's three DynamoDB tables, built from `TABLE_LAYOUTS` (lib/adapters/aws/tables.ts) so that
 * the stack and the adapters cannot drift: on demand, point-in-time recovery, encrypted with the AWS
 * managed key, the layout's TTL attribute and stream. No physical names, so that several stacks
 * (stages) can live in one account.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { TABLE_LAYOUTS, type TableLayout, type TableNames } from '../adapters/aws/tables.ts';

/** The table roles of the engine (`executions`, `tokens`, `flows`). */
export type TableRole = keyof TableNames;

/** The table roles, in a stable order. */
export const TABLE_ROLES: readonly TableRole[] = ['executions', 'tokens', 'flows'];

/** Props of {@link EngineTables}. */
export interface EngineTablesProps {
  /** What happens to the tables (and their data) when they leave the stack. Default `RETAIN`. */
  readonly removalPolicy?: RemovalPolicy;
}

/** The CDK attribute type of a DynamoDB attribute type. */
function attributeType(type: string | undefined): dynamodb.AttributeType {
  if (type === 'N') return dynamodb.AttributeType.NUMBER;
  if (type === 'B') return dynamodb.AttributeType.BINARY;
  return dynamodb.AttributeType.STRING;
}

/** The CDK attribute of `name` in `layout` (its type from the attribute definitions). */
function attribute(layout: TableLayout, name: string): dynamodb.Attribute {
  const definition = layout.attributeDefinitions.find((candidate) => candidate.AttributeName === name);
  if (definition === undefined) throw new Error(`table layout: attribute ${name} is not defined`);
  return { name, type: attributeType(definition.AttributeType) };
}

/** The partition and sort key of a key schema. */
function keysOf(
  layout: TableLayout,
  schema: readonly { AttributeName?: string | undefined; KeyType?: string | undefined }[],
): { partitionKey: dynamodb.Attribute; sortKey?: dynamodb.Attribute } {
  const hash = schema.find((key) => key.KeyType === 'HASH')?.AttributeName;
  const range = schema.find((key) => key.KeyType === 'RANGE')?.AttributeName;
  if (hash === undefined) throw new Error('table layout: a key schema has no HASH key');
  return {
    partitionKey: attribute(layout, hash),
    ...(range !== undefined ? { sortKey: attribute(layout, range) } : {}),
  };
}

/** The CDK stream view type of a layout's stream. */
function streamOf(layout: TableLayout): dynamodb.StreamViewType | undefined {
  switch (layout.streamViewType) {
    case undefined:
      return undefined;
    case 'OLD_IMAGE':
      return dynamodb.StreamViewType.OLD_IMAGE;
    case 'NEW_IMAGE':
      return dynamodb.StreamViewType.NEW_IMAGE;
    case 'NEW_AND_OLD_IMAGES':
      return dynamodb.StreamViewType.NEW_AND_OLD_IMAGES;
    default:
      return dynamodb.StreamViewType.KEYS_ONLY;
  }
}

/** The projection of a layout's index. */
function projectionOf(projection: {
  ProjectionType?: string | undefined;
  NonKeyAttributes?: string[] | undefined;
}): {
  projectionType: dynamodb.ProjectionType;
  nonKeyAttributes?: string[];
} {
  if (projection.ProjectionType === 'INCLUDE') {
    return {
      projectionType: dynamodb.ProjectionType.INCLUDE,
      nonKeyAttributes: projection.NonKeyAttributes ?? [],
    };
  }
  if (projection.ProjectionType === 'KEYS_ONLY') return { projectionType: dynamodb.ProjectionType.KEYS_ONLY };
  return { projectionType: dynamodb.ProjectionType.ALL };
}

/** One table of the engine, as its layout describes it. */
function engineTable(
  scope: Construct,
  id: string,
  layout: TableLayout,
  removalPolicy: RemovalPolicy,
): dynamodb.Table {
  const stream = streamOf(layout);
  const table = new dynamodb.Table(scope, id, {
    ...keysOf(layout, layout.keySchema),
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    encryption: dynamodb.TableEncryption.AWS_MANAGED,
    removalPolicy,
    ...(layout.ttlAttribute !== undefined ? { timeToLiveAttribute: layout.ttlAttribute } : {}),
    ...(stream !== undefined ? { stream } : {}),
  });
  for (const index of layout.globalSecondaryIndexes) {
    if (index.IndexName === undefined || index.KeySchema === undefined) {
      throw new Error(`table layout ${id}: an index has no name or key schema`);
    }
    table.addGlobalSecondaryIndex({
      indexName: index.IndexName,
      ...keysOf(layout, index.KeySchema),
      ...projectionOf(index.Projection ?? {}),
    });
  }
  return table;
}

/** The executions, tokens and flows tables. */
export class EngineTables extends Construct {
  /** The tables by role. */
  readonly byRole: Readonly<Record<TableRole, dynamodb.Table>>;

  constructor(scope: Construct, id: string, props: EngineTablesProps = {}) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.byRole = {
      executions: engineTable(this, 'Executions', TABLE_LAYOUTS.executions, removalPolicy),
      tokens: engineTable(this, 'Tokens', TABLE_LAYOUTS.tokens, removalPolicy),
      flows: engineTable(this, 'Flows', TABLE_LAYOUTS.flows, removalPolicy),
    };
  }

  /** The tables' names, as the Lambda environment and the stack outputs carry them. */
  get names(): TableNames {
    return {
      executions: this.byRole.executions.tableName,
      tokens: this.byRole.tokens.tableName,
      flows: this.byRole.flows.tableName,
    };
  }

  /** The ARNs a function that uses the tables needs: each table and each of its indexes (exactly). */
  get dataArns(): string[] {
    const arns: string[] = [];
    for (const role of TABLE_ROLES) {
      const table = this.byRole[role];
      arns.push(table.tableArn);
      for (const index of TABLE_LAYOUTS[role].globalSecondaryIndexes) {
        arns.push(`${table.tableArn}/index/${index.IndexName}`);
      }
    }
    return arns;
  }
}
