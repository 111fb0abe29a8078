/**
 * Type declarations of the part of `@wmfs/statebox` 1.118 (an Amazon States Language engine in
 * Node.js) that the benchmarks use; the package ships none.
 */
declare module '@wmfs/statebox' {
  namespace Statebox {
    /** What a task module's `run` is given besides its input. */
    interface TaskContext {
      executionName: string;
      sendTaskSuccess(output: unknown): void;
      sendTaskFailure(error: { error: string; cause: string }): void;
    }
    /** An execution as the in-memory DAO describes it. */
    interface ExecutionDescription {
      executionName: string;
      status: string;
      ctx: Record<string, unknown>;
      currentStateName: string;
      stateMachineName: string;
    }
    /** Constructor options. */
    interface Options {
      /** Where start-up messages go (default: the console). */
      messages?: { info(message: string): void; warning?(message: string): void };
    }
  }
  class Statebox {
    constructor(options?: Statebox.Options);
    readonly ready: Promise<void>;
    createModuleResources(
      modules: Record<string, new () => { run(input: unknown, context: Statebox.TaskContext): void }>,
    ): void;
    createStateMachines(definitions: Record<string, unknown>, env: Record<string, unknown>): Promise<void>;
    startExecution(
      input: unknown,
      stateMachineName: string,
      options: Record<string, unknown>,
    ): Promise<Statebox.ExecutionDescription>;
    sendTaskSuccess(executionName: string, output: unknown): Promise<unknown>;
    waitUntilStoppedRunning(executionName: string): Promise<Statebox.ExecutionDescription>;
  }
  export = Statebox;
}
