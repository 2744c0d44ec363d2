import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SecretReader } from '../../ports/secret-reader.ts';

/**
 * Secrets Manager, read once per secret and reader: a cold start pays one GetSecretValue per secret, warm
 * invocations none. A failed read is forgotten, so the next use tries again. The SDK is imported on first
 * use, so code that never reads a secret never loads it, and the client takes its endpoint from the
 * environment like every client here (`AWS_ENDPOINT_URL_SECRETS_MANAGER` for a stand-in). Both kinds of
 * secret are read through here: the stack's own (`config/secrets.ts`, at cold start) and the county's
 * provider keys and mailbox passwords (the mainland transports, on first use).
 */
export class SecretsManagerReader implements SecretReader {
  readonly #values = new Map<string, Promise<string>>();
  #client?: Promise<{
    readonly client: SecretsManagerClient;
    readonly get: (secretId: string) => Promise<string | undefined>;
  }>;

  read(secretId: string): Promise<string> {
    let value = this.#values.get(secretId);
    if (!value) {
      value = this.#fetch(secretId);
      this.#values.set(secretId, value);
      value.catch(() => this.#values.delete(secretId));
    }
    return value;
  }

  /** Closes the client's connections, for a reader used once (the cold-start read); values stay readable. */
  async destroy(): Promise<void> {
    const loaded = this.#client;
    this.#client = undefined;
    if (loaded) (await loaded).client.destroy();
  }

  async #fetch(secretId: string): Promise<string> {
    this.#client ??= import('@aws-sdk/client-secrets-manager').then(
      ({ SecretsManagerClient, GetSecretValueCommand }) => {
        const client = new SecretsManagerClient({});
        return {
          client,
          get: async (id) => (await client.send(new GetSecretValueCommand({ SecretId: id }))).SecretString,
        };
      },
    );
    const value = await (await this.#client).get(secretId);
    // Binary secrets are not used here; an empty one is a setup mistake worth a clear error.
    if (!value) throw new Error(`secret ${secretId} has no string value`);
    return value;
  }
}
