import {
  DynamoExecutionStore,
  DynamoFlowStore,
  DynamoTimerRecords,
  DynamoTokenStore,
  ensureTables,
  type TableNames,
} from '../../../lib/adapters/aws/index.ts';
import { type AwsLocal, startAwsLocal } from '../../support/aws-local.ts';
import { type ContractHarness, describeStoreContract } from '../../support/store-contract.ts';
import { describeTaskStoreContract } from '../../support/task-store-contract.ts';

let local: AwsLocal | undefined;
let tables = 0;

const harness: ContractHarness = {
  async setUp() {
    local = await startAwsLocal();
  },
  async stores() {
    if (local === undefined) throw new Error('not set up');
    tables += 1;
    const names: TableNames = { executions: `ex-${tables}`, tokens: `tok-${tables}`, flows: `fl-${tables}` };
    await ensureTables(local.dynamo, names);
    return {
      executions: new DynamoExecutionStore(local.dynamo, names.executions),
      tokens: new DynamoTokenStore(local.dynamo, names.tokens),
      flows: new DynamoFlowStore(local.dynamo, names.flows),
      timers: new DynamoTimerRecords(local.dynamo, names.executions),
    };
  },
  async tearDown() {
    await local?.stop();
  },
};

describeStoreContract('dynamodb (dynalite)', harness);
describeTaskStoreContract('dynamodb (dynalite)', harness);
