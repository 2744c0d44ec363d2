import { describe, expect, it } from 'vitest';
import { parseFirstAdminArguments } from '../../../scripts/first-admin.ts';

describe('scripts/first-admin.ts arguments', () => {
  it('builds an admin account request from the flags', () => {
    expect(
      parseFirstAdminArguments([
        '--prefix',
        'prod-',
        '--user-pool-id',
        'cn-north-1_Ab12Cd34E',
        '--username',
        'admin',
        '--name',
        '系统管理员',
        '--email',
        'it@county.gov.cn',
      ]),
    ).toEqual({
      prefix: 'prod-',
      userPoolId: 'cn-north-1_Ab12Cd34E',
      request: { username: 'admin', displayName: '系统管理员', role: 'admin', email: 'it@county.gov.cn' },
    });
  });

  it('writes only the staff record for a subject at the county identity provider (china profile)', () => {
    expect(
      parseFirstAdminArguments([
        '--prefix',
        'prod-',
        '--subject',
        'f3b1c2d4-7a41-4c8e-9e0f-2b6d1a9c5e77',
        '--username',
        'admin',
        '--name',
        '系统管理员',
      ]),
    ).toEqual({
      prefix: 'prod-',
      request: {
        username: 'admin',
        displayName: '系统管理员',
        role: 'admin',
        subject: 'f3b1c2d4-7a41-4c8e-9e0f-2b6d1a9c5e77',
      },
    });
    expect(() =>
      parseFirstAdminArguments([
        '--prefix',
        'prod-',
        '--subject',
        's',
        '--user-pool-id',
        'p_1',
        '--username',
        'admin',
        '--name',
        'A',
      ]),
    ).toThrow(/--user-pool-id <StaffUserPoolId> \| --subject/);
  });

  it('explains itself when a flag is missing or a value is invalid', () => {
    expect(() =>
      parseFirstAdminArguments(['--prefix', 'prod-', '--username', 'admin', '--name', 'A']),
    ).toThrow(/usage: npx tsx scripts\/first-admin.ts/);
    expect(() =>
      parseFirstAdminArguments([
        '--prefix',
        'prod-',
        '--user-pool-id',
        'p_1',
        '--username',
        'A B',
        '--name',
        'A',
      ]),
    ).toThrow(/username/);
    expect(() => parseFirstAdminArguments(['--unknown'])).toThrow();
  });
});
