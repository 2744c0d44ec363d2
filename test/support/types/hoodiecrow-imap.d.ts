/** The few parts of hoodiecrow-imap (a scriptable IMAP server for tests, plain JavaScript) the tests use. */
declare module 'hoodiecrow-imap' {
  import type { Server } from 'node:net';

  interface HoodiecrowOptions {
    /** Capabilities to turn on, e.g. `UIDPLUS`, `MOVE`. */
    readonly plugins?: readonly string[];
    readonly users?: Record<string, { readonly password: string }>;
    /** Folder tree; `''` is the personal namespace with its separator. */
    readonly storage?: Record<string, unknown>;
  }

  interface HoodiecrowServer {
    readonly server: Server;
    listen(port: number, host: string, callback: () => void): void;
    close(callback?: () => void): void;
  }

  export default function hoodiecrow(options?: HoodiecrowOptions): HoodiecrowServer;
}
