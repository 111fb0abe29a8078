/**
 * The function URL variant (`-c api=url`): the api function's own Lambda function URL, with `AWS_IAM`
 * auth, instead of API Gateway. Cheapest (no per-request gateway charge) and one hop shorter, but no
 * throttling, request validation, access logs, WAF or custom routes at the edge: every request must
 * be SigV4-signed for service `lambda`, so the unsigned RPC API and approval links cannot be served.
 */
import { Duration } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

/** Props of {@link EngineFunctionUrl}. */
export interface EngineFunctionUrlProps {
  /** The `api` function. */
  readonly handler: lambda.IFunction;
}

const period = Duration.minutes(5);

/** The engine's API as the api function's URL. */
export class EngineFunctionUrl extends Construct {
  readonly functionUrl: lambda.FunctionUrl;
  /** The URL (ends with `/`). */
  readonly url: string;
  readonly metrics: {
    readonly requests: cloudwatch.IMetric;
    readonly clientErrors: cloudwatch.IMetric;
    readonly serverErrors: cloudwatch.IMetric;
    readonly latency: cloudwatch.IMetric;
  };

  constructor(scope: Construct, id: string, props: EngineFunctionUrlProps) {
    super(scope, id);
    this.functionUrl = new lambda.FunctionUrl(this, 'Url', {
      function: props.handler,
      authType: lambda.FunctionUrlAuthType.AWS_IAM,
    });
    this.url = this.functionUrl.url;
    // Lambda's function URL metrics (namespace AWS/Lambda, by function name).
    const metric = (metricName: string, statistic: string): cloudwatch.IMetric =>
      props.handler.metric(metricName, { period, statistic });
    this.metrics = {
      requests: metric('UrlRequestCount', 'Sum'),
      clientErrors: metric('Url4xxCount', 'Sum'),
      serverErrors: metric('Url5xxCount', 'Sum'),
      latency: metric('UrlRequestLatency', 'p99'),
    };
  }
}
