/** Secrets (provider keys, mailbox passwords) by their Secrets Manager ARN or name; never in the environment. */
export interface SecretReader {
  /** The secret's string value; read once per cold start and kept for the life of the container. */
  read(secretId: string): Promise<string>;
}
