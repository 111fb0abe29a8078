/** Type declarations of `dynalite` 4 (an in-process DynamoDB API), which ships none. */
declare module 'dynalite' {
  import type { Server } from 'node:http';

  namespace dynalite {
    /** Options of `dynalite(...)`. */
    interface DynaliteOptions {
      /** LevelDB folder; in memory when absent. */
      path?: string;
      /** How long a new table stays CREATING, in ms (default 500). */
      createTableMs?: number;
      /** How long a deleted table stays DELETING, in ms (default 500). */
      deleteTableMs?: number;
      /** How long an updated table stays UPDATING, in ms (default 500). */
      updateTableMs?: number;
      /** Largest item, in KB (default 400). */
      maxItemSizeKb?: number;
      verbose?: boolean;
      debug?: boolean;
      ssl?: boolean;
    }
  }

  /** Creates the server (not yet listening); closing it closes the store. */
  function dynalite(options?: dynalite.DynaliteOptions): Server;
  // biome-ignore lint/style/noDefaultExport: the package is CommonJS; its one export is this function.
  export default dynalite;
}
