/** The ports the runtime runs against: interfaces only. */
export type * from './call-ledger.ts';
export type * from './clock.ts';
export type * from './dispatcher.ts';
export type * from './execution-logs.ts';
export type * from './execution-store.ts';
export type * from './flow-store.ts';
export type * from './id-source.ts';
export type * from './invoker.ts';
export type * from './nonce-store.ts';
export type * from './observer.ts';
export type * from './queue-sender.ts';
export type * from './timers.ts';
export type * from './token-store.ts';
