import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/ports.ts';
import { letterIdOf } from '../../shared/domain/help-mailbox/model.ts';
import { writerHeaders, writerTraces } from '../support/anonymous-writer.ts';
import { eventually } from '../support/runtime-harness.ts';

/**
 * A full lifecycle with a known phone number, ID number, name and petition text, with the runtime logging
 * at DEBUG: none of them may appear in any line the process writes (DESIGN §6).
 */

const projectRoot = resolve(import.meta.dirname, '../..');
const dataDirectory = mkdtempSync(join(tmpdir(), 'huiyin-logs-'));
let child: ChildProcess | undefined;

afterAll(() => {
  child?.kill('SIGKILL');
  rmSync(dataDirectory, { recursive: true, force: true });
});

const phone = '13987654321';
const idNumber = '33010219900307123X';
const name = '欧阳明远';
const secretText = '我家后院的古井漏水已经三周';
const helpText = '最近连续加班压力很大，晚上睡不着觉';
const helpPassphrase = 'qingxi-spring-2026';

describe('personal data never reaches a log line', () => {
  it('keeps phone, ID number, name and petition text out of every log line of a full lifecycle', async () => {
    const port = await freePort();
    let output = '';
    child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/main.ts'], {
      cwd: projectRoot,
      env: {
        ...process.env,
        PORT: String(port),
        DYNAMODB_PORT: String(await freePort()),
        SQS_PORT: String(await freePort()),
        SMTP_PORT: String(await freePort()),
        DATA_DIR: dataDirectory,
        LOG_LEVEL: 'DEBUG',
        POWERTOOLS_LOG_LEVEL: 'DEBUG',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    await eventually(async () => (output.includes('Huiyin is running') ? true : undefined), 120_000, 100);
    const url = `http://127.0.0.1:${port}`;
    const post = (path: string, body: unknown, token?: string, extra: Record<string, string> = {}) =>
      fetch(`${url}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...extra,
        },
        body: JSON.stringify(body),
      });

    const created = (await (
      await post('/api/petitions', {
        categoryCode: 'construction',
        jurisdictionCode: 'chengguan',
        title: '古井漏水',
        content: `${secretText}，身份证号 ${idNumber}，请联系 ${phone}。`,
        petitioner: { name, phone },
      })
    ).json()) as { caseId: string; trackingCode: string };
    await eventually(async () => {
      const view = (await (
        await fetch(`${url}/api/petitions/${created.trackingCode}?phone=4321`)
      ).json()) as { status: string };
      return view.status === 'assigned' ? true : undefined;
    });
    const { token } = (await (
      await post('/api/auth/token', { username: 'handler-dept-housing', password: 'huiyin-demo' })
    ).json()) as { token: string };
    const get = (path: string) => fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    await get(`/api/staff/cases/${created.caseId}`);
    await get(`/api/staff/cases/${created.caseId}/petitioner`);
    expect(
      (await post(`/api/staff/cases/${created.caseId}/acknowledge`, { expectedVersion: 2 }, token)).status,
    ).toBe(200);
    expect(
      (
        await post(
          `/api/staff/cases/${created.caseId}/reply`,
          { expectedVersion: 3, text: `已处理：${secretText}` },
          token,
        )
      ).status,
    ).toBe(200);
    expect(
      (await post(`/api/staff/cases/${created.caseId}/close`, { expectedVersion: 4 }, token)).status,
    ).toBe(200);
    // The confidential help mailbox: a letter, a failed and a good read-back, a reply. No log line may carry
    // the letter code, the passphrase, the text, or anything naming the letter.
    const letter = (await (
      await post(
        '/api/help-mailbox/letters',
        { content: helpText, passphrase: helpPassphrase },
        undefined,
        writerHeaders,
      )
    ).json()) as { code: string };
    expect(letter.code).toMatch(/^XL-/);
    expect(
      (await post('/api/help-mailbox/read', { code: letter.code, passphrase: 'wrong-one!' })).status,
    ).toBe(404);
    expect(
      (await post('/api/help-mailbox/read', { code: letter.code, passphrase: helpPassphrase })).status,
    ).toBe(200);
    const { token: officer } = (await (
      await post('/api/auth/token', { username: 'handler-dept-organisation', password: 'huiyin-demo' })
    ).json()) as { token: string };
    const letterId = letterIdOf(letter.code);
    expect(
      (
        await post(
          `/api/staff/help-mailbox/letters/${letterId}/reply`,
          { text: `回信：${helpText}` },
          officer,
        )
      ).status,
    ).toBe(200);
    // A refused request logs too: make one with personal data in it.
    await post('/api/petitions', {
      jurisdictionCode: 'nowhere',
      title: secretText,
      content: secretText,
      petitioner: { name, phone },
    });
    await eventually(async () => {
      const outbox = (await (await fetch(`${url}/_local/outbox.json`)).json()) as {
        caseId: string;
        template: string;
      }[];
      return outbox.some((entry) => entry.caseId === created.caseId && entry.template === 'surveyInvitation')
        ? true
        : undefined;
    });
    // On SIGTERM `npm start` lets the pipeline settle before it stops: every line this lifecycle causes is
    // written before the process exits.
    child.kill('SIGTERM');
    await new Promise((resolve) => child?.once('exit', resolve));

    const lines = output.split('\n').filter(Boolean);
    expect(lines.some((line) => line.includes('"level":"DEBUG"') || line.includes('"level":"INFO"'))).toBe(
      true,
    );
    for (const secret of [
      phone,
      idNumber,
      name,
      secretText,
      phone.slice(0, 7),
      helpText,
      helpPassphrase,
      letter.code,
      letter.code.replaceAll('-', ''),
      letterId,
      // Who wrote the letter: the browser's user agent and the addresses a proxy would forward.
      ...writerTraces,
    ]) {
      expect(lines.filter((line) => line.includes(secret))).toEqual([]);
    }
  }, 300_000);
});
