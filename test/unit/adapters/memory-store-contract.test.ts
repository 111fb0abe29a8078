import {
  MemoryExecutionStore,
  MemoryFlowStore,
  MemoryTimers,
  MemoryTokenStore,
} from '../../../lib/adapters/memory/index.ts';
import { type ContractHarness, describeStoreContract } from '../../support/store-contract.ts';
import { describeTaskStoreContract } from '../../support/task-store-contract.ts';

const harness: ContractHarness = {
  stores: async () => ({
    executions: new MemoryExecutionStore(),
    tokens: new MemoryTokenStore(),
    flows: new MemoryFlowStore(),
    timers: new MemoryTimers(),
  }),
};

describeStoreContract('memory', harness);
describeTaskStoreContract('memory', harness);
