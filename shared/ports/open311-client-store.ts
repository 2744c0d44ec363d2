import type { Open311Client } from '../domain/open311/clients.ts';

/** Open311 client systems with their key hashes (admins manage them; the Open311 functions read them). */
export interface Open311ClientStore {
  get(clientId: string): Promise<Open311Client | null>;
  list(): Promise<Open311Client[]>;
  /** Adds a new client; `Open311ClientExistsError` when the id is taken. */
  create(client: Open311Client): Promise<void>;
  /** Replaces a client that exists, only if nobody changed it since `expectedUpdatedAt`. */
  replace(client: Open311Client, expectedUpdatedAt: string): Promise<void>;
}
