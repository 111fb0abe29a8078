/**
 * Alarms and a small dashboard: an alarm on each dead-letter queue that holds a message, on each
 * function's errors and throttles, and on the API's server errors; the dashboard shows the engine's
 * Powertools metrics (executions, callback latency), the API, the functions and the dead letters.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** The engine's own metrics (Powertools EMF, dimension `service`), as the handlers publish them. */
export const ENGINE_METRICS = {
  executions: ['ExecutionsStarted', 'ExecutionsSucceeded', 'ExecutionsFailed', 'ExecutionsTimedOut'],
  callbackLatency: 'CallbackLatency',
  oldestWaitingTask: 'OldestWaitingTaskAge',
} as const;

/** Props of {@link EngineMonitoring}. */
export interface EngineMonitoringProps {
  /** The functions to watch, by label. */
  readonly functions: Readonly<Record<string, lambda.IFunction>>;
  /** The dead-letter queues to watch, by label. */
  readonly deadLetterQueues: Readonly<Record<string, sqs.IQueue>>;
  /** The API's requests, client and server errors, and latency. */
  readonly api: {
    readonly requests: cloudwatch.IMetric;
    readonly clientErrors: cloudwatch.IMetric;
    readonly serverErrors: cloudwatch.IMetric;
    readonly latency: cloudwatch.IMetric;
  };
  /** The Powertools metrics namespace and service name. */
  readonly metricsNamespace: string;
  readonly serviceName: string;
  /** The alarm threshold on the oldest waiting task's age, in seconds. */
  readonly oldestTaskAlarmSeconds: number;
  /** Where alarms notify (none: the alarms only change state). */
  readonly alarmTopic?: sns.ITopic;
}

const FIVE_MINUTES = Duration.minutes(5);

/** The engine's alarms and dashboard. */
export class EngineMonitoring extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: EngineMonitoringProps) {
    super(scope, id);
    for (const [label, queue] of Object.entries(props.deadLetterQueues)) {
      const depth = queue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: 'Maximum',
      });
      this.#alarm(`${label}DeadLetters`, depth, `Messages in the ${label} dead-letter queue`);
    }
    for (const [label, fn] of Object.entries(props.functions)) {
      this.#alarm(
        `${label}Errors`,
        fn.metricErrors({ period: FIVE_MINUTES }),
        `Errors of the ${label} function`,
      );
      this.#alarm(
        `${label}Throttles`,
        fn.metricThrottles({ period: FIVE_MINUTES }),
        `Throttled invocations of the ${label} function`,
      );
    }
    this.#alarm('ApiServerErrors', props.api.serverErrors, 'API answers with a 5xx status');
    this.alarms.push(
      new cloudwatch.Alarm(this, 'OldestWaitingTask', {
        metric: new cloudwatch.Metric({
          namespace: props.metricsNamespace,
          metricName: ENGINE_METRICS.oldestWaitingTask,
          dimensionsMap: { service: props.serviceName },
          statistic: 'Maximum',
          period: FIVE_MINUTES,
        }),
        alarmDescription: `Flowback: a task has waited for its callback more than ${props.oldestTaskAlarmSeconds} s (a lost callback? flowback list-tasks --older-than)`,
        threshold: props.oldestTaskAlarmSeconds,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );
    if (props.alarmTopic !== undefined) {
      const action = new actions.SnsAction(props.alarmTopic);
      for (const alarm of this.alarms) alarm.addAlarmAction(action);
    }
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.hours(3),
      widgets: this.#widgets(props),
    });
  }

  /** An alarm when `metric` is above 0 in one period. */
  #alarm(id: string, metric: cloudwatch.IMetric, description: string): void {
    this.alarms.push(
      new cloudwatch.Alarm(this, id, {
        metric,
        alarmDescription: `Flowback: ${description}`,
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );
  }

  /** The dashboard's rows. */
  #widgets(props: EngineMonitoringProps): cloudwatch.IWidget[][] {
    const engineMetric = (metricName: string, statistic: string): cloudwatch.Metric =>
      new cloudwatch.Metric({
        namespace: props.metricsNamespace,
        metricName,
        dimensionsMap: { service: props.serviceName },
        statistic,
        period: FIVE_MINUTES,
      });
    const functions = Object.entries(props.functions);
    const byFunction = (metric: (fn: lambda.IFunction) => cloudwatch.IMetric): cloudwatch.IMetric[] =>
      functions.map(([, fn]) => metric(fn));
    return [
      [
        new cloudwatch.GraphWidget({
          title: 'Executions',
          width: 12,
          left: ENGINE_METRICS.executions.map((name) => engineMetric(name, 'Sum')),
        }),
        new cloudwatch.GraphWidget({
          title: 'Callback latency (ms)',
          width: 12,
          left: [
            engineMetric(ENGINE_METRICS.callbackLatency, 'p50'),
            engineMetric(ENGINE_METRICS.callbackLatency, 'p99'),
          ],
        }),
      ],
      [
        new cloudwatch.GraphWidget({
          title: 'API requests and errors',
          width: 12,
          left: [props.api.requests],
          right: [props.api.clientErrors, props.api.serverErrors],
        }),
        new cloudwatch.GraphWidget({ title: 'API latency', width: 12, left: [props.api.latency] }),
      ],
      [
        new cloudwatch.GraphWidget({
          title: 'Function errors and throttles',
          width: 12,
          left: byFunction((fn) => fn.metricErrors({ period: FIVE_MINUTES })),
          right: byFunction((fn) => fn.metricThrottles({ period: FIVE_MINUTES })),
        }),
        new cloudwatch.GraphWidget({
          title: 'Function duration p99',
          width: 12,
          left: byFunction((fn) => fn.metricDuration({ period: FIVE_MINUTES, statistic: 'p99' })),
        }),
      ],
      [
        new cloudwatch.GraphWidget({
          title: 'Dead letters',
          width: 12,
          left: Object.values(props.deadLetterQueues).map((queue) =>
            queue.metricApproximateNumberOfMessagesVisible({
              period: Duration.minutes(1),
              statistic: 'Maximum',
            }),
          ),
        }),
        new cloudwatch.AlarmStatusWidget({ title: 'Alarms', width: 12, alarms: this.alarms }),
      ],
      [
        new cloudwatch.GraphWidget({
          title: 'Oldest waiting task (s)',
          width: 24,
          left: [engineMetric(ENGINE_METRICS.oldestWaitingTask, 'Maximum')],
        }),
      ],
    ];
  }
}
