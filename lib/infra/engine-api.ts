/**
 * The engine's API, in the flavour the props choose: the REST API (default), the HTTP API (either: one
 * route per REST route of api.md, IAM authorization, throttling and access logs) or the api function's
 * URL (IAM auth only); this construct gives the URL and the metrics the alarms and the dashboard need,
 * whichever it is.
 */
import { Aws, Duration } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { EngineApiKind } from './flow-engine-props.ts';
import { EngineFunctionUrl } from './function-url-api.ts';
import { EngineHttpApi } from './http-api.ts';
import { EngineRestApi } from './rest-api.ts';

/** Props of {@link EngineApi}. */
export interface EngineApiProps {
  readonly kind: EngineApiKind;
  readonly handler: lambda.IFunction;
  /** REST only (the HTTP API serves `$default`). */
  readonly stageName: string;
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  /** REST only. */
  readonly cloudWatchRole: boolean;
  readonly logRetention: logs.RetentionDays;
  /**
   * Serve the Alibaba-compatible RPC API on `GET /` and `POST /` (docs/rpc-api.md). Those two routes
   * have no IAM authorization: the function checks each request's HMAC-SHA1 signature itself.
   */
  readonly rpc: boolean;
  /**
   * Serve the approval links' `GET`/`POST /callbacks/{taskId}/{decision}` without IAM authorization (the
   * function checks each link's signature), throttled at `callbackThrottle`.
   */
  readonly callbacks: boolean;
  readonly callbackThrottle: { readonly rateLimit: number; readonly burstLimit: number };
}

/** The API's metrics. */
export interface EngineApiMetrics {
  readonly requests: cloudwatch.IMetric;
  readonly clientErrors: cloudwatch.IMetric;
  readonly serverErrors: cloudwatch.IMetric;
  readonly latency: cloudwatch.IMetric;
}

const period = Duration.minutes(5);

/** The REST or HTTP API of the engine. */
export class EngineApi extends Construct {
  readonly kind: EngineApiKind;
  /** Set when `kind` is `rest`. */
  readonly rest?: EngineRestApi;
  /** Set when `kind` is `http`. */
  readonly http?: EngineHttpApi;
  /** Set when `kind` is `url`. */
  readonly functionUrl?: EngineFunctionUrl;
  /** The base URL (ends with `/`). */
  readonly url: string;
  /**
   * The base URL without a trailing `/`, built from the API's id alone (no reference to its stage or
   * deployment), so that the api function's environment may hold it without a dependency cycle;
   * absent for a function URL (its id is known only once it exists).
   */
  readonly baseUrl?: string;
  readonly metrics: EngineApiMetrics;

  constructor(scope: Construct, id: string, props: EngineApiProps) {
    super(scope, id);
    this.kind = props.kind;
    if (props.kind === 'url') {
      if (props.rpc || props.callbacks)
        throw new Error(
          'api url: a function URL signs every request with IAM, so it cannot serve the RPC API (rpcSecretName) or approval links (approvalLinks); use api=rest or api=http for those',
        );
      const functionUrl = new EngineFunctionUrl(this, 'FunctionUrl', { handler: props.handler });
      this.functionUrl = functionUrl;
      this.url = functionUrl.url;
      this.metrics = functionUrl.metrics;
    } else if (props.kind === 'http') {
      const http = new EngineHttpApi(this, 'Http', props);
      this.http = http;
      this.url = http.url;
      this.baseUrl = `https://${http.api.apiId}.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX}`;
      this.metrics = {
        requests: http.api.metricCount({ period }),
        clientErrors: http.api.metricClientError({ period }),
        serverErrors: http.api.metricServerError({ period }),
        latency: http.api.metricLatency({ period, statistic: 'p99' }),
      };
    } else {
      const rest = new EngineRestApi(this, 'Rest', props);
      this.rest = rest;
      this.url = rest.url;
      this.baseUrl = `https://${rest.api.restApiId}.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX}/${props.stageName}`;
      this.metrics = {
        requests: rest.api.metricCount({ period }),
        clientErrors: rest.api.metricClientError({ period }),
        serverErrors: rest.api.metricServerError({ period }),
        latency: rest.api.metricLatency({ period, statistic: 'p99' }),
      };
    }
  }
}
