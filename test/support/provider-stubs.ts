import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { freePort } from '../../infra/local/ports.ts';

/**
 * HTTP stand-ins for the providers the mainland transports call: Tencent Cloud's API 3.0 endpoint (SMS) and
 * AWS Secrets Manager. Each speaks the provider's documented wire format and checks what a real one checks,
 * so the official SDKs are tested against them unchanged, pointed at `http://127.0.0.1:<port>`.
 */

interface Started {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

async function listen(server: Server): Promise<Started> {
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

// ---- Secrets Manager (AWS JSON 1.1: POST /, X-Amz-Target: secretsmanager.GetSecretValue) ----

export interface SecretsManagerStub extends Started {
  /** GetSecretValue calls per secret id. */
  readonly reads: Map<string, number>;
}

export async function startSecretsManagerStub(secrets: Record<string, string>): Promise<SecretsManagerStub> {
  const reads = new Map<string, number>();
  const server = createServer(async (request, response) => {
    const body = JSON.parse((await readBody(request)).toString('utf8') || '{}') as { SecretId?: string };
    const target = String(request.headers['x-amz-target'] ?? '');
    const reply = (status: number, payload: unknown) =>
      response
        .writeHead(status, { 'content-type': 'application/x-amz-json-1.1' })
        .end(JSON.stringify(payload));
    // Signed like every AWS request (SigV4 with the runtime's local credentials).
    if (!String(request.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256 '))
      return reply(400, { __type: 'MissingAuthenticationTokenException', message: 'unsigned' });
    if (target !== 'secretsmanager.GetSecretValue')
      return reply(400, { __type: 'UnknownOperationException', message: target });
    const id = body.SecretId ?? '';
    reads.set(id, (reads.get(id) ?? 0) + 1);
    const value = secrets[id];
    if (value === undefined)
      return reply(400, {
        __type: 'ResourceNotFoundException',
        message: "Secrets Manager can't find the secret",
      });
    return reply(200, {
      ARN: id,
      Name: id,
      SecretString: value,
      VersionId: 'v1',
      CreatedDate: 1_700_000_000,
    });
  });
  return { ...(await listen(server)), reads };
}

// ---- Tencent Cloud API 3.0 (POST / with JSON body, X-TC-* headers, TC3-HMAC-SHA256 signature) ----

export interface TencentRequest {
  readonly action: string;
  readonly version: string;
  readonly region: string;
  readonly host: string;
  readonly timestamp: number;
  readonly body: Record<string, unknown>;
  /** The credential scope's service (the first label of the host the SDK was pointed at). */
  readonly service: string;
  readonly secretId: string;
  /** Whether the Authorization header verifies with the secret key, by the documented algorithm. */
  readonly signatureValid: boolean;
}

/** What the stub answers: the `Response` object without its RequestId. */
export type TencentAnswer = Record<string, unknown>;

export interface TencentStub extends Started {
  readonly requests: TencentRequest[];
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

/**
 * Verifies a TC3-HMAC-SHA256 request as Tencent Cloud documents it (签名方法 v3,
 * cloud.tencent.com/document/api/382/52072): canonical request of method, path, query, the signed headers
 * (content-type and host, lower case) and the payload's SHA-256; string to sign with the timestamp and the
 * scope `<UTC date>/<service>/tc3_request`; key derived from `TC3<SecretKey>` through date, service and
 * `tc3_request`. Written from the documentation, not from the SDK.
 */
function verifyTc3(request: IncomingMessage, body: Buffer, secretKey: string) {
  const authorization = String(request.headers.authorization ?? '');
  const match =
    /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([^/]+)\/tc3_request, SignedHeaders=([a-z;-]+), Signature=([0-9a-f]{64})$/.exec(
      authorization,
    );
  if (!match) return { valid: false, secretId: '', service: '' };
  const [, secretId, date, service, signedHeaders, signature] = match as unknown as string[];
  const timestamp = Number(request.headers['x-tc-timestamp']);
  const url = new URL(request.url ?? '/', 'http://stub');
  const canonicalHeaders = signedHeaders!
    .split(';')
    .map((name) => {
      const value = String(request.headers[name] ?? '');
      // The host is signed without its port.
      return `${name}:${(name === 'host' ? value.replace(/:\d+$/, '') : value).trim().toLowerCase()}\n`;
    })
    .join('');
  const canonicalRequest = [
    request.method,
    url.pathname,
    url.search.slice(1),
    canonicalHeaders,
    signedHeaders,
    sha256(body),
  ].join('\n');
  const scopeDate = new Date(timestamp * 1000).toISOString().slice(0, 10);
  const stringToSign = [
    'TC3-HMAC-SHA256',
    String(timestamp),
    `${date}/${service}/tc3_request`,
    sha256(canonicalRequest),
  ].join('\n');
  const key = hmac(hmac(hmac(`TC3${secretKey}`, date!), service!), 'tc3_request');
  const expected = createHmac('sha256', key).update(stringToSign).digest();
  const given = Buffer.from(signature!, 'hex');
  const fresh = Math.abs(Date.now() / 1000 - timestamp) <= 300;
  const valid =
    scopeDate === date && fresh && signedHeaders === 'content-type;host' && timingSafeEqual(expected, given);
  return { valid, secretId: secretId!, service: service! };
}

export async function startTencentStub(options: {
  readonly secretKey: string;
  /** The answer to one request (e.g. by phone number); `{ Error: { Code, Message } }` for an API error. */
  readonly answer: (request: TencentRequest) => TencentAnswer;
}): Promise<TencentStub> {
  const requests: TencentRequest[] = [];
  const server = createServer(async (incoming, response) => {
    const raw = await readBody(incoming);
    const { valid, secretId, service } = verifyTc3(incoming, raw, options.secretKey);
    const request: TencentRequest = {
      action: String(incoming.headers['x-tc-action'] ?? ''),
      version: String(incoming.headers['x-tc-version'] ?? ''),
      region: String(incoming.headers['x-tc-region'] ?? ''),
      host: String(incoming.headers.host ?? ''),
      timestamp: Number(incoming.headers['x-tc-timestamp']),
      body: JSON.parse(raw.toString('utf8') || '{}') as Record<string, unknown>,
      service,
      secretId,
      signatureValid: valid,
    };
    requests.push(request);
    const requestId = `stub-${requests.length}`;
    // The real API answers a bad signature with this error (HTTP 200, as all its errors).
    const answer = valid
      ? options.answer(request)
      : {
          Error: {
            Code: 'AuthFailure.SignatureFailure',
            Message: 'The provided credentials could not be validated.',
          },
        };
    response
      .writeHead(200, { 'content-type': 'application/json', 'x-tc-traceid': requestId })
      .end(JSON.stringify({ Response: { ...answer, RequestId: requestId } }));
  });
  return { ...(await listen(server)), requests };
}

/** `SendSms`'s answer for one number with the given status (`Ok` when it was accepted). */
export function sendStatus(request: TencentRequest, code = 'Ok'): TencentAnswer {
  const phone = (request.body.PhoneNumberSet as string[])[0];
  return {
    SendStatusSet: [
      {
        SerialNo: code === 'Ok' ? `2028:${requestSerial++}` : '',
        PhoneNumber: phone,
        Fee: code === 'Ok' ? 1 : 0,
        SessionContext: request.body.SessionContext ?? '',
        Code: code,
        Message: code === 'Ok' ? 'send success' : code,
        IsoCode: 'CN',
      },
    ],
  };
}
let requestSerial = 1;
