import {
  MemoryExecutionStore,
  MemoryFlowStore,
  MemoryTimers,
  MemoryTokenStore,
} from '../../../lib/adapters/memory/index.ts';
import { describeStoreContract } from '../../support/store-contract.ts';

describeStoreContract('memory', {
  stores: async () => ({
    executions: new MemoryExecutionStore(),
    tokens: new MemoryTokenStore(),
    flows: new MemoryFlowStore(),
    timers: new MemoryTimers(),
  }),
});
