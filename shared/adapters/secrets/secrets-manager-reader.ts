import type { SecretReader } from '../../ports/secret-reader.ts';

/**
 * Secrets Manager, read once per secret and container: a cold start pays one GetSecretValue per secret, warm
 * invocations none. A failed read is forgotten, so the next use tries again. The SDK client is imported on
 * first use (only the mainland transports read secrets this way) and takes its endpoint from the environment
 * like every client here (`AWS_ENDPOINT_URL_SECRETS_MANAGER` for a stand-in).
 */
export class SecretsManagerReader implements SecretReader {
  readonly #values = new Map<string, Promise<string>>();
  #client?: Promise<(secretId: string) => Promise<string | undefined>>;

  read(secretId: string): Promise<string> {
    let value = this.#values.get(secretId);
    if (!value) {
      value = this.#fetch(secretId);
      this.#values.set(secretId, value);
      value.catch(() => this.#values.delete(secretId));
    }
    return value;
  }

  async #fetch(secretId: string): Promise<string> {
    this.#client ??= import('@aws-sdk/client-secrets-manager').then(
      ({ SecretsManagerClient, GetSecretValueCommand }) => {
        const client = new SecretsManagerClient({});
        return async (id) => (await client.send(new GetSecretValueCommand({ SecretId: id }))).SecretString;
      },
    );
    const value = await (await this.#client)(secretId);
    // Binary secrets are not used here; an empty one is a setup mistake worth a clear error.
    if (!value) throw new Error(`secret ${secretId} has no string value`);
    return value;
  }
}
