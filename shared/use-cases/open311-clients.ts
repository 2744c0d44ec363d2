import type * as z from 'zod';
import {
  clientView,
  newApiKey,
  type newOpen311ClientSchema,
  type Open311Client,
  type Open311ClientView,
  type open311ClientPatchSchema,
} from '../domain/open311/clients.ts';
import type { Catalog } from '../domain/reference/model.ts';
import { type FieldError, NotFoundError, ValidationError } from '../errors/index.ts';
import type { Open311ClientStore } from '../ports/open311-client-store.ts';

/**
 * Admins register the county's Open311 client systems and issue their keys: `POST` registers a system and
 * returns its key once, `PATCH` changes name, contact, towns or limit, `POST …/key` replaces the key (the old
 * one stops working), `POST …/revoke` stops the key for good. The key itself is never stored or shown again.
 */

export interface Open311ClientDeps {
  readonly store: Open311ClientStore;
  readonly loadCatalog: () => Promise<Catalog>;
  readonly countyId: () => string;
}

export interface IssuedKey {
  readonly client: Open311ClientView;
  /** Shown this once: give it to the client system's operator over a safe channel. */
  readonly apiKey: string;
}

const notFound = () => new NotFoundError({ zh: '没有这个接入系统', en: 'Open311 client not found' });

async function checkJurisdictions(deps: Open311ClientDeps, jurisdictions: readonly string[] | undefined) {
  if (!jurisdictions) return;
  const catalog = await deps.loadCatalog();
  const known = new Set([deps.countyId(), ...catalog.jurisdictions.map((jurisdiction) => jurisdiction.code)]);
  const errors: FieldError[] = jurisdictions.flatMap((code, index) =>
    known.has(code)
      ? []
      : [{ field: `jurisdictions.${index}`, message: `镇街 ${code} 不存在 / unknown town or county id` }],
  );
  if (errors.length > 0) throw new ValidationError(errors);
}

export async function listClients(deps: Pick<Open311ClientDeps, 'store'>): Promise<Open311ClientView[]> {
  const clients = await deps.store.list();
  return clients.map(clientView).sort((a, b) => a.name.localeCompare(b.name, 'zh-Hans-CN'));
}

export async function registerClient(
  deps: Open311ClientDeps,
  input: z.infer<typeof newOpen311ClientSchema>,
  now: Date,
): Promise<IssuedKey> {
  await checkJurisdictions(deps, input.jurisdictions);
  const { key, keyHash, keyPrefix } = newApiKey(input.clientId);
  const at = now.toISOString();
  const client: Open311Client = {
    ...input,
    keyHash,
    keyPrefix,
    createdAt: at,
    updatedAt: at,
    keyIssuedAt: at,
  };
  await deps.store.create(client);
  return { client: clientView(client), apiKey: key };
}

async function load(deps: Pick<Open311ClientDeps, 'store'>, clientId: string): Promise<Open311Client> {
  const client = await deps.store.get(clientId);
  if (!client) throw notFound();
  return client;
}

export async function updateClient(
  deps: Open311ClientDeps,
  clientId: string,
  patch: z.infer<typeof open311ClientPatchSchema>,
  now: Date,
): Promise<Open311ClientView> {
  await checkJurisdictions(deps, patch.jurisdictions);
  const current = await load(deps, clientId);
  const next: Open311Client = { ...current, ...patch, updatedAt: now.toISOString() };
  await deps.store.replace(next, current.updatedAt);
  return clientView(next);
}

/** A new key for the client; the previous one stops working at once. A revoked client gets a key again. */
export async function replaceKey(
  deps: Pick<Open311ClientDeps, 'store'>,
  clientId: string,
  now: Date,
): Promise<IssuedKey> {
  const current = await load(deps, clientId);
  const { key, keyHash, keyPrefix } = newApiKey(clientId);
  const at = now.toISOString();
  const { revokedAt: _revoked, ...rest } = current;
  const next: Open311Client = { ...rest, keyHash, keyPrefix, keyIssuedAt: at, updatedAt: at };
  await deps.store.replace(next, current.updatedAt);
  return { client: clientView(next), apiKey: key };
}

export async function revokeClient(
  deps: Pick<Open311ClientDeps, 'store'>,
  clientId: string,
  now: Date,
): Promise<Open311ClientView> {
  const current = await load(deps, clientId);
  if (current.revokedAt) return clientView(current);
  const at = now.toISOString();
  const next: Open311Client = { ...current, revokedAt: at, updatedAt: at };
  await deps.store.replace(next, current.updatedAt);
  return clientView(next);
}
