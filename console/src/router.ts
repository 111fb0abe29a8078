/** The console's pages and their addresses, all under `/console/`. */

/** Where the console is served. */
export const BASE = '/console';

/** A page of the console, parsed from its address. */
export type Route =
  | { page: 'flows' }
  | { page: 'new-flow' }
  | { page: 'flow'; flow: string; status?: string }
  | { page: 'execution'; flow: string; execution: string }
  | { page: 'tasks'; flow?: string }
  | { page: 'not-found'; path: string };

/** A path segment decoded, or `undefined` when it is malformed. */
function decode(part: string | undefined): string | undefined {
  if (part === undefined || part === '') return undefined;
  try {
    return decodeURIComponent(part);
  } catch {
    return undefined;
  }
}

/** The route of a location. */
export function parseRoute(pathname: string, search: string): Route {
  const query = new URLSearchParams(search);
  const rest = pathname.startsWith(BASE) ? pathname.slice(BASE.length) : pathname;
  const parts = rest.split('/').filter((part) => part !== '');
  const [first, flowPart, third, executionPart, ...more] = parts;
  if (parts.length === 0 || (first === 'flows' && parts.length === 1)) return { page: 'flows' };
  if (first === 'tasks' && parts.length === 1) {
    const flow = query.get('flow') ?? undefined;
    return flow ? { page: 'tasks', flow } : { page: 'tasks' };
  }
  if (first === 'flows' && flowPart === 'new' && parts.length === 2) return { page: 'new-flow' };
  const flow = decode(flowPart);
  if (first === 'flows' && flow !== undefined && parts.length === 2) {
    const status = query.get('status') ?? undefined;
    return status ? { page: 'flow', flow, status } : { page: 'flow', flow };
  }
  const execution = decode(executionPart);
  if (first === 'flows' && flow && third === 'executions' && execution && more.length === 0)
    return { page: 'execution', flow, execution };
  return { page: 'not-found', path: pathname };
}

/** Addresses of the pages. */
export const href = {
  flows: (): string => `${BASE}/flows`,
  newFlow: (): string => `${BASE}/flows/new`,
  flow: (flow: string, status?: string): string =>
    `${BASE}/flows/${encodeURIComponent(flow)}${status ? `?status=${encodeURIComponent(status)}` : ''}`,
  execution: (flow: string, execution: string): string =>
    `${BASE}/flows/${encodeURIComponent(flow)}/executions/${encodeURIComponent(execution)}`,
  tasks: (flow?: string): string => `${BASE}/tasks${flow ? `?flow=${encodeURIComponent(flow)}` : ''}`,
};
