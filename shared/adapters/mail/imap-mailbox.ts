import type { ImapFlow } from 'imapflow';
import type { MailboxFolder, RemoteMailbox, RemoteMailboxSession } from '../../ports/remote-mailbox.ts';

/**
 * The county's mailbox over IMAP with `imapflow` (imported on first use). A session logs in, selects the
 * inbox folder and holds its lock until closed; the target folders are looked up (and created when missing)
 * on the first move. Moves use MOVE where the server has it (RFC 6851) and COPY + EXPUNGE otherwise, which
 * imapflow chooses by the server's capabilities. Messages flagged \Deleted (a move cut short between COPY and
 * EXPUNGE) are not offered again.
 */

export interface ImapMailboxOptions {
  readonly host: string;
  readonly port: number;
  /** `tls`: TLS from the first byte (993); `starttls`: the upgrade is required (143); `none`: local tests only. */
  readonly security: 'tls' | 'starttls' | 'none';
  readonly user: string;
  readonly password: () => Promise<string>;
  readonly folder: string;
  /** `/`-separated paths; the server's own delimiter is used on the wire. */
  readonly processedFolder: string;
  readonly quarantineFolder: string;
  /** Messages larger than this are never fetched (a bound on the function's memory). */
  readonly maxMessageBytes: number;
}

export class ImapMailbox implements RemoteMailbox {
  readonly #options: ImapMailboxOptions;

  constructor(options: ImapMailboxOptions) {
    this.#options = options;
  }

  async open(): Promise<RemoteMailboxSession> {
    const { ImapFlow } = await import('imapflow');
    const { host, port, security, user, password, folder } = this.#options;
    const client = new ImapFlow({
      host,
      port,
      secure: security === 'tls',
      doSTARTTLS: security === 'starttls' ? true : security === 'none' ? false : undefined,
      auth: { user, pass: await password() },
      tls: { minVersion: 'TLSv1.2', servername: host },
      logger: false,
      disableAutoIdle: true,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
      // Above the largest message we fetch, so an announced literal beyond it fails fast instead of filling memory.
      maxLiteralSize: this.#options.maxMessageBytes + 1024 * 1024,
    });
    // A dropped connection is reported through the pending command; without a listener it would crash the process.
    client.on('error', () => undefined);
    await client.connect();
    try {
      const lock = await client.getMailboxLock(folder);
      return new ImapSession(client, lock, this.#options);
    } catch (error) {
      client.close();
      throw error;
    }
  }
}

class ImapSession implements RemoteMailboxSession {
  readonly #client: ImapFlow;
  readonly #lock: { release(): void };
  readonly #options: ImapMailboxOptions;
  readonly #folders = new Map<MailboxFolder, Promise<string>>();

  constructor(client: ImapFlow, lock: { release(): void }, options: ImapMailboxOptions) {
    this.#client = client;
    this.#lock = lock;
    this.#options = options;
  }

  async waiting(limit: number) {
    const uids = (await this.#client.search({ deleted: false }, { uid: true })) || [];
    const oldest = [...uids].sort((a, b) => a - b).slice(0, limit);
    if (oldest.length === 0) return [];
    const sizes = new Map<number, number>();
    for await (const message of this.#client.fetch(
      oldest.join(','),
      { uid: true, size: true },
      { uid: true },
    ))
      sizes.set(message.uid, message.size ?? 0);
    return oldest.filter((uid) => sizes.has(uid)).map((uid) => ({ uid, size: sizes.get(uid)! }));
  }

  async fetch(uid: number) {
    // BODY.PEEK: reading leaves the \Seen flag as it was for the people who also read this mailbox.
    const message = await this.#client.fetchOne(String(uid), { source: true }, { uid: true });
    if (message === false || !message.source) return null;
    return new Uint8Array(message.source);
  }

  async move(uid: number, to: MailboxFolder) {
    let path = this.#folders.get(to);
    if (!path) {
      path = this.#ensureFolder(
        to === 'processed' ? this.#options.processedFolder : this.#options.quarantineFolder,
      );
      this.#folders.set(to, path);
      path.catch(() => this.#folders.delete(to));
    }
    const moved = await this.#client.messageMove(String(uid), await path, { uid: true });
    if (moved === false) throw new Error(`IMAP move of message ${uid} failed`);
  }

  async close() {
    this.#lock.release();
    await this.#client.logout().catch(() => this.#client.close());
  }

  /** The folder's path as the server spells it, created (with its parents) when it does not exist yet. */
  async #ensureFolder(wanted: string): Promise<string> {
    const segments = wanted.split('/').filter(Boolean);
    const find = async () =>
      (await this.#client.list()).find((entry) => {
        const listed = entry.delimiter ? entry.path.split(entry.delimiter) : [entry.path];
        return (
          listed.length === segments.length && listed.every((segment, index) => segment === segments[index])
        );
      })?.path;
    const existing = await find();
    if (existing) return existing;
    try {
      return (await this.#client.mailboxCreate(segments)).path;
    } catch (error) {
      // Another run created it in the meantime (servers answer NO [ALREADYEXISTS]).
      const created = await find();
      if (created) return created;
      throw error;
    }
  }
}
