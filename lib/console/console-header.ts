/**
 * The header the console's page sends with every API request, and that the proxy of `flowback console`
 * requires: a page of another origin cannot add it without a CORS preflight, which is never granted.
 * Imported by the page (console/src/api.ts) and the server alike.
 */
export const CONSOLE_HEADER = 'x-flowback-console';
