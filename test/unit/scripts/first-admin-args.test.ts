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
