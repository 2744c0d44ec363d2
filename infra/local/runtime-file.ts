import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';

/**
 * `<DATA_DIR>/runtime.json`: how to reach the `npm start` that owns this data folder. Written once the stack
 * is up, removed when it stops. Tools (`npm run job`) read it instead of asking for ports and prefixes again,
 * and `npm start` reads it to refuse a second stack on the same data folder. A stack killed with SIGKILL
 * leaves the file behind; the pid in it tells a live stack from a stale file.
 */
export const runtimeFileSchema = z.object({
  pid: z.number().int().positive(),
  startedAt: z.iso.datetime(),
  url: z.url(),
  dynamodbEndpoint: z.url(),
  sqsEndpoint: z.url(),
  smtpUrl: z.string().optional(),
  prefix: z.string().regex(/^[a-z0-9-]*$/),
});
export type RuntimeFile = z.infer<typeof runtimeFileSchema>;

export const runtimeFilePath = (dataDirectory: string) => join(dataDirectory, 'runtime.json');

export function writeRuntimeFile(dataDirectory: string, info: RuntimeFile): void {
  writeFileSync(
    runtimeFilePath(dataDirectory),
    `${JSON.stringify(runtimeFileSchema.parse(info), null, 2)}\n`,
  );
}

/** Removes the file only if it is this process's own (a second stack's failed start must not remove it). */
export function removeRuntimeFile(dataDirectory: string, pid = process.pid): void {
  const found = readRuntimeFile(dataDirectory);
  if (found.kind !== 'absent' && (found.kind === 'invalid' || found.file.pid === pid))
    rmSync(runtimeFilePath(dataDirectory), { force: true });
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export type RuntimeFileState =
  | { readonly kind: 'running'; readonly file: RuntimeFile }
  | { readonly kind: 'stale'; readonly file: RuntimeFile }
  | { readonly kind: 'absent' }
  | { readonly kind: 'invalid'; readonly reason: string };

export function readRuntimeFile(
  dataDirectory: string,
  alive: (pid: number) => boolean = processAlive,
): RuntimeFileState {
  let text: string;
  try {
    text = readFileSync(runtimeFilePath(dataDirectory), 'utf8');
  } catch {
    return { kind: 'absent' };
  }
  let parsed: z.ZodSafeParseResult<RuntimeFile>;
  try {
    parsed = runtimeFileSchema.safeParse(JSON.parse(text));
  } catch (error) {
    return { kind: 'invalid', reason: (error as Error).message };
  }
  if (!parsed.success) return { kind: 'invalid', reason: parsed.error.issues[0]?.message ?? 'unreadable' };
  return alive(parsed.data.pid)
    ? { kind: 'running', file: parsed.data }
    : { kind: 'stale', file: parsed.data };
}
