/**
 * The console's client of the REST API (api.md). Requests go to the page's own origin: the local
 * runtime serves the API there, and `flowback console` proxies it to its endpoint (signing each
 * request). Every failure becomes a `ConsoleError` with a code and a message a person can act on.
 */
import { CONSOLE_HEADER } from '../../lib/console/console-header.ts';

/** An error the console shows: the API's code, or one of its own (`Unreachable`, `ExpiredToken`…). */
export class ConsoleError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** The HTTP status (0 when no answer came). */
    readonly status: number,
    /** What to do about it, when the console knows. */
    readonly hint?: string,
    /** A definition's problems, for `InvalidDefinition`. */
    readonly issues: readonly DefinitionProblem[] = [],
  ) {
    super(message);
  }
}

/** One problem of a definition, as the API (and `parseFlow`) report it. */
export interface DefinitionProblem {
  path: string;
  line: number;
  column: number;
  message: string;
}

/** Query parameters; `undefined` and `''` values are left out. */
export type Query = Record<string, string | number | undefined>;

/** Gateway error types (`x-amzn-errortype`) that mean the local credentials are at fault. */
const CREDENTIAL_ERRORS: Record<string, string> = {
  ExpiredTokenException: 'ExpiredToken',
  UnrecognizedClientException: 'InvalidCredentials',
  InvalidSignatureException: 'SignatureNotMatch',
  IncompleteSignatureException: 'SignatureNotMatch',
  MissingAuthenticationTokenException: 'MissingAuthentication',
  AccessDeniedException: 'AccessDenied',
};

/** What to do about some codes. */
const HINTS: Record<string, string> = {
  Unreachable:
    'Check that the server that serves this console (npm start, or flowback console) is still running, then reload.',
  EndpointUnreachable:
    'Check the --endpoint URL given to flowback console and your network; the console retries on its own.',
  ExpiredToken: 'Refresh your AWS credentials (for example `aws sso login`), then reload this page.',
  InvalidCredentials: 'The endpoint does not know these AWS credentials: check the profile in use.',
  CredentialsMissing:
    'flowback console found no AWS credentials: set a profile (AWS_PROFILE) or run `aws configure`.',
  SignatureNotMatch: 'Check the secret key and the clock of this machine.',
  AccessDenied: "Your AWS identity's policy does not allow this operation on the API.",
  MissingAuthentication: 'The endpoint wants signed requests: use flowback console, which signs them.',
};

/** An error from an answer that was not 2xx. */
function answerError(status: number, headers: Headers, body: unknown): ConsoleError {
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const gatewayType = (headers.get('x-amzn-errortype') ?? '').split(':')[0] ?? '';
  const message = typeof fields.message === 'string' ? fields.message : `the server answered ${status}`;
  let code = typeof fields.code === 'string' ? fields.code : (CREDENTIAL_ERRORS[gatewayType] ?? 'HttpError');
  if (code === 'HttpError' && status === 403 && /expired/i.test(message)) code = 'ExpiredToken';
  if (code === 'HttpError' && status === 403) code = 'AccessDenied';
  const issues = Array.isArray(fields.issues) ? (fields.issues as DefinitionProblem[]) : [];
  return new ConsoleError(code, message, status, HINTS[code], issues);
}

/** A path with its query string. */
export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text === '' ? path : `${path}?${text}`;
}

/** Percent-encodes one path segment. */
export function segment(value: string): string {
  return encodeURIComponent(value);
}

/** Sends one request and returns the parsed JSON answer. @throws ConsoleError */
export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', [CONSOLE_HEADER]: '1' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch (error) {
    throw new ConsoleError(
      'Unreachable',
      `The console cannot reach its server (${(error as Error).message}).`,
      0,
      HINTS.Unreachable,
    );
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? {} : JSON.parse(text);
  } catch {
    if (!response.ok) throw answerError(response.status, response.headers, { message: text.slice(0, 300) });
    throw new ConsoleError('BadResponse', `The server answered something that is not JSON.`, response.status);
  }
  if (!response.ok) throw answerError(response.status, response.headers, parsed);
  return parsed as T;
}

/** GET `path` with `query`. */
export function get<T>(path: string, query?: Query): Promise<T> {
  return request<T>('GET', withQuery(path, query));
}

/** POST a JSON body. */
export function post<T>(path: string, body: unknown = {}): Promise<T> {
  return request<T>('POST', path, body);
}

/** PUT a JSON body. */
export function put<T>(path: string, body: unknown): Promise<T> {
  return request<T>('PUT', path, body);
}

/** DELETE. */
export function del<T>(path: string): Promise<T> {
  return request<T>('DELETE', path);
}
