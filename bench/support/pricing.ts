/**
 * AWS prices (us-east-1, on-demand, list prices without free tiers) and the cost of a million
 * executions from per-execution counts. Every price carries its source.
 */
import type { BillableTotals } from './meter-summary.ts';

/** One price, in dollars per `unit`, with where it comes from. */
export interface Price {
  usd: number;
  unit: string;
  source: string;
}

/** The prices used (us-east-1). */
export const PRICES = {
  apiGatewayRest: {
    usd: 3.5,
    unit: 'million REST API requests (first 333 million a month)',
    source: 'https://aws.amazon.com/api-gateway/pricing/',
  },
  apiGatewayHttp: {
    usd: 1.0,
    unit: 'million HTTP API requests (first 300 million a month, 512 KB each)',
    source: 'https://aws.amazon.com/api-gateway/pricing/',
  },
  functionUrl: {
    usd: 0,
    unit: 'million Lambda function URL requests (no charge beyond the function’s own requests and duration)',
    source: 'https://aws.amazon.com/lambda/pricing/',
  },
  lambdaRequests: {
    usd: 0.2,
    unit: 'million Lambda requests',
    source: 'https://aws.amazon.com/lambda/pricing/',
  },
  lambdaArmGbSecond: {
    usd: 0.0000133334,
    unit: 'GB-second of Lambda duration, arm64 (first 7.5 billion GB-s a month); billed at 128 MB here',
    source: 'https://aws.amazon.com/lambda/pricing/',
  },
  dynamodbWriteUnits: {
    usd: 0.625,
    unit: 'million on-demand write request units (1 KB each, rounded up per item)',
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
  },
  dynamodbReadUnits: {
    usd: 0.125,
    unit: 'million on-demand read request units (4 KB strongly consistent, rounded up)',
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
  },
  dynamodbStorage: {
    usd: 0.25,
    unit: 'GB-month of DynamoDB Standard storage (first 25 GB free)',
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
  },
  sqsRequests: {
    usd: 0.4,
    unit: 'million SQS standard queue requests (each 64 KB chunk one request)',
    source: 'https://aws.amazon.com/sqs/pricing/',
  },
  stepFunctionsTransitions: {
    usd: 25,
    unit: 'million Step Functions Standard state transitions ($0.025 per 1,000)',
    source:
      'https://aws.amazon.com/step-functions/pricing/ ("Step Functions counts a state transition each time a step of your workflow is executed"); transitions: https://docs.aws.amazon.com/step-functions/latest/dg/concepts-transitions.html',
  },
} as const satisfies Record<string, Price>;

/** Lambda memory the cost is computed at, in MB (the assumption; the stack deploys 1024 MB). */
export const LAMBDA_MEMORY_MB = 128;

/** The cost of a million executions, by line, in dollars. */
export interface CostLines {
  apiGateway: number;
  lambdaRequests: number;
  lambdaDuration: number;
  dynamodbWrites: number;
  dynamodbReads: number;
  sqs: number;
  total: number;
}

/** Rounds dollars to cents (tenths of a cent below a dollar). */
function dollars(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** The cost of a million executions with `perExecution` counts and the API priced at `apiPrice`. */
export function costPerMillion(perExecution: BillableTotals, apiPrice: Price): CostLines {
  const gbSeconds =
    ((perExecution.lambdaBilledMs.api +
      perExecution.lambdaBilledMs.worker +
      perExecution.lambdaBilledMs.functions) /
      1000) *
    (LAMBDA_MEMORY_MB / 1024);
  const lines = {
    apiGateway: perExecution.apiRequests * apiPrice.usd,
    lambdaRequests: perExecution.lambda.total * PRICES.lambdaRequests.usd,
    lambdaDuration: gbSeconds * 1_000_000 * PRICES.lambdaArmGbSecond.usd,
    dynamodbWrites: perExecution.dynamodb.writeUnits * PRICES.dynamodbWriteUnits.usd,
    dynamodbReads: perExecution.dynamodb.readUnits * PRICES.dynamodbReadUnits.usd,
    sqs: perExecution.sqs.requests * PRICES.sqsRequests.usd,
  };
  const total = Object.values(lines).reduce((sum, value) => sum + value, 0);
  return {
    apiGateway: dollars(lines.apiGateway),
    lambdaRequests: dollars(lines.lambdaRequests),
    lambdaDuration: dollars(lines.lambdaDuration),
    dynamodbWrites: dollars(lines.dynamodbWrites),
    dynamodbReads: dollars(lines.dynamodbReads),
    sqs: dollars(lines.sqs),
    total: dollars(total),
  };
}
