/** The HTTP layer: transport-neutral types, the REST API over the operations, API Gateway conversion. */
export { fromApiGatewayEvent, toApiGatewayResult } from './apigateway.ts';
export {
  type ErrorBody,
  errorResponse,
  type HttpErrorCode,
  type InternalErrorListener,
  methodNotAllowedResponse,
  notFoundResponse,
  type RoutingErrorCode,
} from './errors.ts';
export {
  type HttpHandler,
  type HttpRequest,
  type HttpResponse,
  JSON_CONTENT_TYPE,
  jsonResponse,
} from './http.ts';
export { MAX_REQUEST_BODY_BYTES, readJsonBody, readQuery } from './request-input.ts';
export { createHttpApi, type HttpApiOptions, type OperationsProvider, restRoutes } from './rest.ts';
export { REST_ROUTES, type RestAnswer, type RestInput, type RestRoute } from './rest-routes.ts';
export { createRouter, type HttpRoute, type PathParams, type RouterOptions } from './router.ts';
export * from './rpc/index.ts';
