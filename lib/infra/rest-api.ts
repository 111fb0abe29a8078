/**
 * The REST API variant: one API Gateway method per route of `REST_ROUTES` (lib/api, so the gateway and
 * the router cannot drift), each with AWS_IAM authorization, request validation (required path and
 * known query parameters; the body schemas of rest-models.ts), stage throttling, JSON access logs,
 * error-level execution logs, X-Ray, and the gateway's own errors in api.md's `{code, message,
 * requestId}` shape. No catch-all proxy: an IAM policy can allow or deny each route alone.
 */
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { CALLBACK_ROUTE_PATH } from '../api/callback-routes.ts';
import { REST_ROUTES, type RestRoute } from '../api/rest-routes.ts';
import { accessLogFormat, accessLogGroup } from './access-log.ts';
import { acknowledge, NAG_ACKNOWLEDGEMENTS } from './nag-acknowledgements.ts';
import { REST_BODY_SCHEMAS } from './rest-models.ts';

/** Props of {@link EngineRestApi}. */
export interface EngineRestApiProps {
  /** The `api` function every method integrates with (Lambda proxy). */
  readonly handler: lambda.IFunction;
  readonly stageName: string;
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  /**
   * Create the account-level role that lets API Gateway write logs (`AWS::ApiGateway::Account`). An
   * account needs it once; turn it off where another stack set it already.
   */
  readonly cloudWatchRole: boolean;
  readonly logRetention: logs.RetentionDays;
  /** Add `GET /` and `POST /` for the Alibaba RPC API, without IAM (the function verifies signatures). */
  readonly rpc: boolean;
  /** Add the approval links' two routes, without IAM (the function checks signatures), throttled. */
  readonly callbacks: boolean;
  readonly callbackThrottle: { readonly rateLimit: number; readonly burstLimit: number };
}

/** The gateway's own answers (not the function's), in api.md's error shape. */
const GATEWAY_ERRORS: readonly { type: apigw.ResponseType; status?: string; code: string }[] = [
  { type: apigw.ResponseType.BAD_REQUEST_BODY, status: '400', code: 'InvalidArgument' },
  { type: apigw.ResponseType.BAD_REQUEST_PARAMETERS, status: '400', code: 'InvalidArgument' },
  { type: apigw.ResponseType.REQUEST_TOO_LARGE, status: '400', code: 'EntityTooLarge' },
  { type: apigw.ResponseType.MISSING_AUTHENTICATION_TOKEN, status: '403', code: 'AccessDenied' },
  { type: apigw.ResponseType.ACCESS_DENIED, status: '403', code: 'AccessDenied' },
  { type: apigw.ResponseType.INVALID_SIGNATURE, status: '403', code: 'SignatureNotMatch' },
  { type: apigw.ResponseType.EXPIRED_TOKEN, status: '403', code: 'SignatureNotMatch' },
  { type: apigw.ResponseType.THROTTLED, status: '429', code: 'ResourceThrottled' },
  { type: apigw.ResponseType.RESOURCE_NOT_FOUND, status: '404', code: 'NotFound' },
  // The other types keep their own status.
  { type: apigw.ResponseType.DEFAULT_4XX, code: 'InvalidArgument' },
  { type: apigw.ResponseType.DEFAULT_5XX, code: 'InternalServerError' },
];

/**
 * The response template of a gateway error (`messageString` is already a quoted JSON string): api.md's
 * `{code, message, requestId}`, and the same in PascalCase for the Alibaba SDK, which reads only `Code`
 * (a gateway response cannot differ by path).
 */
function errorTemplate(code: string): string {
  const message = '$context.error.messageString';
  const id = '"$context.requestId"';
  return `{"code":"${code}","message":${message},"requestId":${id},"Code":"${code}","Message":${message},"RequestId":${id}}`;
}

/** The path parameters of a route template (`/flows/{flow}` → `flow`). */
export function pathParameters(path: string): string[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] ?? '');
}

/** The request parameters a method declares: path parameters required, query parameters optional. */
function requestParameters(route: RestRoute): Record<string, boolean> {
  const parameters: Record<string, boolean> = {};
  for (const name of pathParameters(route.path)) parameters[`method.request.path.${name}`] = true;
  for (const name of route.query ?? []) parameters[`method.request.querystring.${name}`] = false;
  return parameters;
}

/** The REST API of the engine. */
export class EngineRestApi extends Construct {
  readonly api: apigw.RestApi;
  /** The stage URL (ends with `/`). */
  readonly url: string;
  readonly accessLogs: logs.LogGroup;

  constructor(scope: Construct, id: string, props: EngineRestApiProps) {
    super(scope, id);
    this.accessLogs = accessLogGroup(this, props.logRetention);
    this.api = new apigw.RestApi(this, 'Api', {
      description: 'Flowback REST API (api.md), SigV4-signed requests only',
      endpointTypes: [apigw.EndpointType.REGIONAL],
      cloudWatchRole: props.cloudWatchRole,
      defaultMethodOptions: { authorizationType: apigw.AuthorizationType.IAM },
      deployOptions: {
        stageName: props.stageName,
        accessLogDestination: new apigw.LogGroupLogDestination(this.accessLogs),
        accessLogFormat: accessLogFormat(),
        loggingLevel: apigw.MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        metricsEnabled: true,
        tracingEnabled: true,
        throttlingRateLimit: props.throttle.rateLimit,
        throttlingBurstLimit: props.throttle.burstLimit,
        ...(props.callbacks
          ? {
              methodOptions: Object.fromEntries(
                ['GET', 'POST'].map((method) => [
                  `${CALLBACK_ROUTE_PATH}/${method}`,
                  {
                    throttlingRateLimit: props.callbackThrottle.rateLimit,
                    throttlingBurstLimit: props.callbackThrottle.burstLimit,
                  },
                ]),
              ),
            }
          : {}),
      },
    });
    this.url = this.api.url;
    this.#addGatewayResponses();
    this.#addRoutes(props.handler);
    if (props.rpc) this.#addRpcRoutes(props.handler);
    if (props.callbacks) this.#addCallbackRoutes(props.handler);
    if (props.cloudWatchRole) acknowledge(this.api, NAG_ACKNOWLEDGEMENTS.apiGatewayLogsRole);
    acknowledge(this.api, NAG_ACKNOWLEDGEMENTS.waf, NAG_ACKNOWLEDGEMENTS.cognito);
  }

  /** The gateway's errors as api.md's `{code, message, requestId}`. */
  #addGatewayResponses(): void {
    for (const error of GATEWAY_ERRORS) {
      this.api.addGatewayResponse(`${error.type.responseType}Response`, {
        type: error.type,
        ...(error.status !== undefined ? { statusCode: error.status } : {}),
        templates: { 'application/json': errorTemplate(error.code) },
      });
    }
  }

  /** `GET /` and `POST /`: the RPC API, whose signature the function verifies (no IAM, no validation). */
  #addRpcRoutes(handler: lambda.IFunction): void {
    const integration = new apigw.LambdaIntegration(handler, { proxy: true, scopePermissionToMethod: false });
    for (const method of ['GET', 'POST']) {
      const rpcMethod = this.api.root.addMethod(method, integration, {
        operationName: `AlibabaRpc${method}`,
        authorizationType: apigw.AuthorizationType.NONE,
      });
      acknowledge(rpcMethod, NAG_ACKNOWLEDGEMENTS.rpcNoIam, NAG_ACKNOWLEDGEMENTS.rpcNoCognito);
    }
  }

  /** The approval links' GET (a page) and POST (the decision): no IAM, the function checks signatures. */
  #addCallbackRoutes(handler: lambda.IFunction): void {
    const integration = new apigw.LambdaIntegration(handler, { proxy: true, scopePermissionToMethod: false });
    const resource = this.api.root.resourceForPath(CALLBACK_ROUTE_PATH);
    for (const method of ['GET', 'POST']) {
      const callbackMethod = resource.addMethod(method, integration, {
        operationName: method === 'GET' ? 'ApprovalPage' : 'ApprovalDecision',
        authorizationType: apigw.AuthorizationType.NONE,
        requestParameters: { 'method.request.path.taskId': true, 'method.request.path.decision': true },
      });
      acknowledge(
        callbackMethod,
        NAG_ACKNOWLEDGEMENTS.callbacksNoIam,
        NAG_ACKNOWLEDGEMENTS.callbacksNoCognito,
      );
    }
  }

  /** One method per route, each with IAM authorization and validation. */
  #addRoutes(handler: lambda.IFunction): void {
    const integration = new apigw.LambdaIntegration(handler, { proxy: true, scopePermissionToMethod: false });
    const validator = this.api.addRequestValidator('Validator', {
      validateRequestBody: true,
      validateRequestParameters: true,
    });
    const models = new Map<string, apigw.Model>();
    for (const [operation, schema] of Object.entries(REST_BODY_SCHEMAS)) {
      models.set(
        operation,
        this.api.addModel(`${operation}Body`, { contentType: 'application/json', schema }),
      );
    }
    for (const route of REST_ROUTES) {
      const model = models.get(route.operation);
      this.api.root.resourceForPath(route.path).addMethod(route.method, integration, {
        operationName: route.operation,
        authorizationType: apigw.AuthorizationType.IAM,
        requestValidator: validator,
        requestParameters: requestParameters(route),
        ...(model !== undefined ? { requestModels: { 'application/json': model } } : {}),
      });
    }
  }
}
