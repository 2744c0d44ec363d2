import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../../shared/openapi/document.ts';

/**
 * `@redocly/cli lint` with its recommended rules (`redocly.yaml`) over the generated document: no errors, and
 * only the warnings named here, each for a reason.
 */

const root = resolve(import.meta.dirname, '../../..');
const directory = mkdtempSync(join(tmpdir(), 'huiyin-openapi-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

interface LintReport {
  readonly totals: { readonly errors: number; readonly warnings: number };
  readonly problems: readonly { ruleId: string; severity: string; location: { pointer: string }[] }[];
}

/** Warnings the document keeps on purpose. */
const accepted = [
  // The project is not published under a licence; the document should not invent one.
  { ruleId: 'info-license', pointer: '#/info' },
  // The catch-alls under /open311/v2/ exist only to refuse unknown names in Open311's format.
  { ruleId: 'operation-2xx-response', pointer: '#/paths/~1open311~1v2~1{resource}/get/responses' },
  { ruleId: 'operation-2xx-response', pointer: '#/paths/~1open311~1v2~1{resource}/post/responses' },
];

describe('redocly lint', () => {
  it('finds no errors and no warnings beyond the accepted ones', async () => {
    const file = join(directory, 'openapi.json');
    writeFileSync(file, JSON.stringify(buildOpenApiDocument(), null, 1));
    const cli = resolve(root, 'node_modules/@redocly/cli/bin/cli.js');
    const run = await promisify(execFile)(
      process.execPath,
      [cli, 'lint', file, '--config', resolve(root, 'redocly.yaml'), '--format', 'json'],
      {
        cwd: root,
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
        maxBuffer: 16 * 1024 * 1024,
      },
    ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
    const report = JSON.parse(run.stdout) as LintReport;
    expect(report.totals.errors).toBe(0);
    const problems = report.problems.map((problem) => ({
      ruleId: problem.ruleId,
      pointer: problem.location[0]?.pointer,
    }));
    expect(problems).toEqual(accepted);
  }, 60_000);
});
