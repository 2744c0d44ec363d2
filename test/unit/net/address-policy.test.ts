import { describe, expect, it } from 'vitest';
import { targetProblem, targetProblemMessages } from '../../../shared/domain/net/address-policy.ts';

const cloud = { allowPrivate: false, allowHttp: false };

describe('what the URL alone gives away, at the edges', () => {
  it('lets a public IPv6 address in brackets through', () => {
    expect(targetProblem('https://[2400:3200::1]/hook', cloud)).toBeNull();
    expect(targetProblem('https://8.8.8.8/hook', cloud)).toBeNull();
  });

  it('refuses a user name without a password as well', () => {
    expect(targetProblem('https://user@hooks.example.cn/x', cloud)).toBe('credentials');
    expect(targetProblem('https://:secret@hooks.example.cn/x', cloud)).toBe('credentials');
  });

  it('refuses names under .localhost, whatever comes before', () => {
    expect(targetProblem('https://app.localhost/', cloud)).toBe('private-address');
    expect(targetProblem('https://LOCALHOST./', cloud)).toBe('private-address');
  });

  it('reads a name with a trailing dot as the same name', () => {
    expect(targetProblem('https://printer.local./', cloud)).toBe('private-address');
    expect(targetProblem('https://metadata.google.internal./', cloud)).toBe('private-address');
    expect(targetProblem('https://intranet./hook', cloud)).toBe('private-address');
    expect(targetProblem('https://hooks.example.cn./x', cloud)).toBeNull();
    expect(targetProblem('https://hooks.example/x', cloud)).toBeNull();
  });

  it('judges only the last label', () => {
    // Only the last label counts: these are ordinary public names.
    expect(targetProblem('https://localhost.example.cn/', cloud)).toBeNull();
    expect(targetProblem('https://internal.example.cn/', cloud)).toBeNull();
  });

  it('explains every problem in Chinese and English', () => {
    expect(targetProblemMessages).toEqual({
      'not-a-url': '地址格式不正确 / not a URL',
      scheme: '只支持 https 地址 / only https addresses',
      'http-in-cloud': '正式环境只允许 https 地址 / only https outside the local stage',
      credentials: '地址中不能包含用户名或密码 / no credentials in the URL',
      'private-address':
        '不能指向内网、本机或保留地址 / internal, loopback and reserved addresses are not allowed',
    });
  });
});
