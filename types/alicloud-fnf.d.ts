/**
 * Type declarations of `@alicloud/fnf-2019-03-15` 1.2 (Alibaba's official Serverless Workflow SDK, a
 * `@alicloud/pop-core` RPCClient), which ships none. Parameters are PascalCase; answers are the parsed
 * JSON body; an answer with a `Code` throws an `Error` with `code`, `data` (the body) and `url`.
 */
declare module '@alicloud/fnf-2019-03-15' {
  namespace FnFClient {
    /** Constructor options. */
    interface Config {
      /** `http://…` or `https://…`; a trailing `/` is dropped, a path prefix kept. */
      endpoint: string;
      accessKeyId?: string;
      accessKeySecret?: string;
      securityToken?: string;
      /** Credentials per request; `{}` sends unsigned requests. */
      credentialsProvider?: {
        getCredentials(): Promise<{ accessKeyId?: string; accessKeySecret?: string; securityToken?: string }>;
      };
      /** Extra `Code` values that count as success. */
      codes?: (string | number)[];
      /** Default request options (`timeout` in ms…). */
      opts?: RequestOptions;
    }

    /** Per-request options (httpx). */
    interface RequestOptions {
      timeout?: number;
      method?: 'GET' | 'POST';
      headers?: Record<string, string>;
      [name: string]: unknown;
    }

    /** Parameters of an action (values are stringified). */
    type Params = Record<string, string | number | boolean | undefined>;

    /** An answer: the parsed JSON body. */
    type Answer = Record<string, unknown> & { RequestId: string };

    /** What a failed call throws. */
    interface ApiError extends Error {
      code: string;
      data: { RequestId?: string; Code: string; Message?: string };
      url: string;
    }
  }

  /** The client: one method per action of API version 2019-03-15. */
  class FnFClient {
    constructor(config: FnFClient.Config);
    request(
      action: string,
      params?: FnFClient.Params,
      options?: FnFClient.RequestOptions,
    ): Promise<FnFClient.Answer>;
    createFlow(params: FnFClient.Params, options?: FnFClient.RequestOptions): Promise<FnFClient.Answer>;
    updateFlow(params: FnFClient.Params, options?: FnFClient.RequestOptions): Promise<FnFClient.Answer>;
    deleteFlow(params: FnFClient.Params, options?: FnFClient.RequestOptions): Promise<FnFClient.Answer>;
    describeFlow(params: FnFClient.Params, options?: FnFClient.RequestOptions): Promise<FnFClient.Answer>;
    listFlows(params?: FnFClient.Params, options?: FnFClient.RequestOptions): Promise<FnFClient.Answer>;
    startExecution(params: FnFClient.Params, options?: FnFClient.RequestOptions): Promise<FnFClient.Answer>;
    stopExecution(params: FnFClient.Params, options?: FnFClient.RequestOptions): Promise<FnFClient.Answer>;
    describeExecution(
      params: FnFClient.Params,
      options?: FnFClient.RequestOptions,
    ): Promise<FnFClient.Answer>;
    listExecutions(params: FnFClient.Params, options?: FnFClient.RequestOptions): Promise<FnFClient.Answer>;
    getExecutionHistory(
      params: FnFClient.Params,
      options?: FnFClient.RequestOptions,
    ): Promise<FnFClient.Answer>;
    reportTaskSucceeded(
      params: FnFClient.Params,
      options?: FnFClient.RequestOptions,
    ): Promise<FnFClient.Answer>;
    reportTaskFailed(params: FnFClient.Params, options?: FnFClient.RequestOptions): Promise<FnFClient.Answer>;
    createSchedule(params: FnFClient.Params, options?: FnFClient.RequestOptions): Promise<FnFClient.Answer>;
  }

  // biome-ignore lint/style/noDefaultExport: the package is CommonJS; its one export is this class.
  export default FnFClient;
}
