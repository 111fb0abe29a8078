/**
 * The HTTP API variant (cheaper and faster than REST): one route per `REST_ROUTES` entry, each with IAM
 * authorization, Lambda proxy integration in payload format 1.0 (the same event the `api` function
 * reads behind REST), throttling and JSON access logs on the `$default` stage (so that paths carry no
 * stage prefix). HTTP APIs have no request validation at the gateway and no WAF: the function
 * validates every request itself.
 */
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { CALLBACK_ROUTE_PATH } from '../api/callback-routes.ts';
import { REST_ROUTES } from '../api/rest-routes.ts';
import { accessLogFormat, accessLogGroup } from './access-log.ts';
import { acknowledge, NAG_ACKNOWLEDGEMENTS } from './nag-acknowledgements.ts';

/** Props of {@link EngineHttpApi}. */
export interface EngineHttpApiProps {
  /** The `api` function every route integrates with. */
  readonly handler: lambda.IFunction;
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  readonly logRetention: logs.RetentionDays;
  /** Add `GET /` and `POST /` for the Alibaba RPC API, without IAM (the function verifies signatures). */
  readonly rpc: boolean;
  /** Add the approval links' two routes, without IAM (the function checks signatures), throttled. */
  readonly callbacks: boolean;
  readonly callbackThrottle: { readonly rateLimit: number; readonly burstLimit: number };
}

/** The HTTP API of the engine. */
export class EngineHttpApi extends Construct {
  readonly api: apigwv2.HttpApi;
  readonly stage: apigwv2.HttpStage;
  /** The stage URL (ends with `/`). */
  readonly url: string;
  readonly accessLogs: logs.LogGroup;

  constructor(scope: Construct, id: string, props: EngineHttpApiProps) {
    super(scope, id);
    this.accessLogs = accessLogGroup(this, props.logRetention);
    this.api = new apigwv2.HttpApi(this, 'Api', {
      description: 'Flowback HTTP API (api.md), SigV4-signed requests only',
      createDefaultStage: false,
      defaultAuthorizer: new HttpIamAuthorizer(),
    });
    this.stage = new apigwv2.HttpStage(this, 'Stage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.throttle.rateLimit, burstLimit: props.throttle.burstLimit },
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(this.accessLogs),
        format: accessLogFormat(),
      },
    });
    this.url = this.stage.url;
    const integration = new HttpLambdaIntegration('Handler', props.handler, {
      payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_1_0,
      scopePermissionToRoute: false,
    });
    for (const route of REST_ROUTES) {
      this.api.addRoutes({
        path: route.path,
        methods: [apigwv2.HttpMethod[route.method]],
        integration,
      });
    }
    if (props.rpc) {
      const rpcRoutes = this.api.addRoutes({
        path: '/',
        methods: [apigwv2.HttpMethod.GET, apigwv2.HttpMethod.POST],
        integration,
        authorizer: new apigwv2.HttpNoneAuthorizer(),
      });
      for (const route of rpcRoutes) acknowledge(route, NAG_ACKNOWLEDGEMENTS.rpcNoIam);
    }
    if (props.callbacks) {
      const callbackRoutes = this.api.addRoutes({
        path: CALLBACK_ROUTE_PATH,
        methods: [apigwv2.HttpMethod.GET, apigwv2.HttpMethod.POST],
        integration,
        authorizer: new apigwv2.HttpNoneAuthorizer(),
      });
      for (const route of callbackRoutes) acknowledge(route, NAG_ACKNOWLEDGEMENTS.callbacksNoIam);
      const throttle = {
        ThrottlingRateLimit: props.callbackThrottle.rateLimit,
        ThrottlingBurstLimit: props.callbackThrottle.burstLimit,
      };
      (this.stage.node.defaultChild as apigwv2.CfnStage).addPropertyOverride('RouteSettings', {
        [`GET ${CALLBACK_ROUTE_PATH}`]: throttle,
        [`POST ${CALLBACK_ROUTE_PATH}`]: throttle,
      });
    }
  }
}
