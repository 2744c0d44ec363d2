import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { staffRoles } from '../../shared/auth/claims.ts';
import { passwordProblems } from '../../shared/domain/users/password-policy.ts';

/**
 * A local HTTP stand-in for the Cognito user pool API, for tests of the Cognito adapter with the real SDK
 * client: it speaks the JSON protocol (`X-Amz-Target: AWSCognitoIdentityProviderService.<Operation>`,
 * `application/x-amz-json-1.1`, errors as `__type` + `x-amzn-errortype`), keeps a small pool in memory, checks
 * what each request must carry, and records every request so tests can assert what the SDK sent. Groups are
 * listed one per page, so callers must follow `NextToken`.
 */

export interface StubUser {
  readonly username: string;
  readonly sub: string;
  attributes: Map<string, string>;
  enabled: boolean;
  status: 'FORCE_CHANGE_PASSWORD' | 'CONFIRMED';
  password: string;
  groups: Set<string>;
  globalSignOuts: number;
}

export interface StubRequest {
  readonly operation: string;
  readonly body: Record<string, unknown>;
  readonly headers: IncomingMessage['headers'];
}

export interface CognitoStub {
  readonly endpoint: string;
  readonly userPoolId: string;
  readonly users: Map<string, StubUser>;
  readonly requests: StubRequest[];
  /** Operations named here fail once with a service error (to test half-done work). */
  failNext(operation: string): void;
  stop(): Promise<void>;
}

class CognitoError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

const attributeList = (attributes: Map<string, string>) =>
  [...attributes].map(([Name, Value]) => ({ Name, Value }));

export async function startCognitoStub(userPoolId = 'us-east-1_StubPool1'): Promise<CognitoStub> {
  const users = new Map<string, StubUser>();
  const requests: StubRequest[] = [];
  const failures = new Set<string>();

  const required = (body: Record<string, unknown>, ...fields: string[]) => {
    for (const field of fields)
      if (body[field] === undefined || body[field] === '')
        throw new CognitoError(
          'InvalidParameterException',
          `1 validation error detected: ${field} must not be null`,
        );
    if (body.UserPoolId !== userPoolId)
      throw new CognitoError(
        'ResourceNotFoundException',
        `User pool ${String(body.UserPoolId)} does not exist.`,
      );
  };
  const userOf = (body: Record<string, unknown>) => {
    const user = users.get(String(body.Username));
    if (!user) throw new CognitoError('UserNotFoundException', 'User does not exist.');
    return user;
  };
  const checkPassword = (password: unknown) => {
    if (typeof password !== 'string' || passwordProblems(password).length > 0)
      throw new CognitoError('InvalidPasswordException', 'Password does not conform to policy');
  };
  const group = (name: unknown) => {
    if (!(staffRoles as readonly string[]).includes(String(name)))
      throw new CognitoError('ResourceNotFoundException', 'Group not found.');
    return String(name);
  };
  const setAttributes = (user: StubUser, list: unknown) => {
    for (const { Name, Value } of (list ?? []) as { Name: string; Value: string }[]) {
      if (Name === 'sub') throw new CognitoError('InvalidParameterException', 'Cannot modify sub');
      user.attributes.set(Name, Value);
    }
  };

  const operations: Record<string, (body: Record<string, unknown>) => unknown> = {
    AdminCreateUser: (body) => {
      required(body, 'UserPoolId', 'Username');
      if (users.has(String(body.Username)))
        throw new CognitoError('UsernameExistsException', 'User account already exists');
      checkPassword(body.TemporaryPassword);
      const user: StubUser = {
        username: String(body.Username),
        sub: randomUUID(),
        attributes: new Map(),
        enabled: true,
        status: 'FORCE_CHANGE_PASSWORD',
        password: String(body.TemporaryPassword),
        groups: new Set(),
        globalSignOuts: 0,
      };
      setAttributes(user, body.UserAttributes);
      user.attributes.set('sub', user.sub);
      users.set(user.username, user);
      return {
        User: {
          Username: user.username,
          Attributes: attributeList(user.attributes),
          Enabled: true,
          UserStatus: user.status,
          UserCreateDate: Date.now() / 1000,
        },
      };
    },
    AdminGetUser: (body) => {
      required(body, 'UserPoolId', 'Username');
      const user = userOf(body);
      return {
        Username: user.username,
        UserAttributes: attributeList(user.attributes),
        Enabled: user.enabled,
        UserStatus: user.status,
      };
    },
    AdminUpdateUserAttributes: (body) => {
      required(body, 'UserPoolId', 'Username', 'UserAttributes');
      setAttributes(userOf(body), body.UserAttributes);
      return {};
    },
    AdminDeleteUserAttributes: (body) => {
      required(body, 'UserPoolId', 'Username', 'UserAttributeNames');
      const user = userOf(body);
      for (const name of body.UserAttributeNames as string[]) user.attributes.delete(name);
      return {};
    },
    AdminAddUserToGroup: (body) => {
      required(body, 'UserPoolId', 'Username', 'GroupName');
      userOf(body).groups.add(group(body.GroupName));
      return {};
    },
    AdminRemoveUserFromGroup: (body) => {
      required(body, 'UserPoolId', 'Username', 'GroupName');
      userOf(body).groups.delete(group(body.GroupName));
      return {};
    },
    AdminListGroupsForUser: (body) => {
      required(body, 'UserPoolId', 'Username');
      const groups = [...userOf(body).groups].sort();
      const start = body.NextToken ? Number(body.NextToken) : 0;
      return {
        Groups: groups.slice(start, start + 1).map((GroupName) => ({ GroupName, UserPoolId: userPoolId })),
        ...(start + 1 < groups.length ? { NextToken: String(start + 1) } : {}),
      };
    },
    AdminDisableUser: (body) => {
      required(body, 'UserPoolId', 'Username');
      userOf(body).enabled = false;
      return {};
    },
    AdminEnableUser: (body) => {
      required(body, 'UserPoolId', 'Username');
      userOf(body).enabled = true;
      return {};
    },
    AdminUserGlobalSignOut: (body) => {
      required(body, 'UserPoolId', 'Username');
      userOf(body).globalSignOuts++;
      return {};
    },
    AdminSetUserPassword: (body) => {
      required(body, 'UserPoolId', 'Username', 'Password');
      const user = userOf(body);
      checkPassword(body.Password);
      user.password = String(body.Password);
      user.status = body.Permanent === true ? 'CONFIRMED' : 'FORCE_CHANGE_PASSWORD';
      return {};
    },
  };

  const server: Server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const target = String(request.headers['x-amz-target'] ?? '');
    const operation = target.replace(/^AWSCognitoIdentityProviderService\./, '');
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', ...headers });
      response.end(JSON.stringify(body));
    };
    try {
      if (request.method !== 'POST' || !target.startsWith('AWSCognitoIdentityProviderService.'))
        throw new CognitoError('UnknownOperationException', `Unknown target ${target}`);
      if (!String(request.headers['content-type']).startsWith('application/x-amz-json-1.1'))
        throw new CognitoError('SerializationException', 'Expected application/x-amz-json-1.1');
      if (!String(request.headers.authorization).startsWith('AWS4-HMAC-SHA256 '))
        throw new CognitoError('MissingAuthenticationTokenException', 'Request is not signed', 403);
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      requests.push({ operation, body, headers: request.headers });
      const handler = operations[operation];
      if (!handler) throw new CognitoError('UnknownOperationException', `Unsupported operation ${operation}`);
      if (failures.delete(operation))
        throw new CognitoError('InternalErrorException', 'Injected failure', 500);
      reply(200, handler(body));
    } catch (error) {
      const failure =
        error instanceof CognitoError
          ? error
          : new CognitoError('InternalErrorException', String(error), 500);
      reply(
        failure.status,
        { __type: failure.type, message: failure.message },
        { 'x-amzn-errortype': failure.type },
      );
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    userPoolId,
    users,
    requests,
    failNext: (operation) => failures.add(operation),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
