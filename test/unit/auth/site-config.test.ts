import { describe, expect, it } from 'vitest';
import { siteConfig, siteConfigSchema, staffPageUrls } from '../../../shared/auth/site-config.ts';

describe('the site’s runtime config (/config.json)', () => {
  it('makes each staff page its own redirect and post-logout URI', () => {
    const config = siteConfig({
      siteUrl: 'https://xinfang.example.gov.cn/',
      issuer: 'https://cognito-idp.cn-north-1.amazonaws.com.cn/cn-north-1_Abc',
      clientId: 'client',
      scope: 'openid profile email',
      endSessionEndpoint: 'https://qingxi.auth.cn-north-1.amazoncognito.com/logout',
      logoutUriParameter: 'logout_uri',
      languageParameter: 'lang',
    });

    expect(staffPageUrls('https://a.example/')).toEqual([
      'https://a.example/console.html',
      'https://a.example/dashboard.html',
      'https://a.example/ledger-print.html',
    ]);
    expect(config.staffSignIn).toMatchObject({
      redirectUris: [
        'https://xinfang.example.gov.cn/console.html',
        'https://xinfang.example.gov.cn/dashboard.html',
        'https://xinfang.example.gov.cn/ledger-print.html',
      ],
      postLogoutRedirectUris: [
        'https://xinfang.example.gov.cn/console.html',
        'https://xinfang.example.gov.cn/dashboard.html',
        'https://xinfang.example.gov.cn/ledger-print.html',
      ],
      logoutUriParameter: 'logout_uri',
    });
    expect(siteConfigSchema.safeParse(JSON.parse(JSON.stringify(config))).success).toBe(true);
  });

  it('refuses a parameter name that is not a plain identifier', () => {
    expect(() =>
      siteConfig({
        siteUrl: 'https://a',
        issuer: 'i',
        clientId: 'c',
        scope: 's',
        languageParameter: 'lang&x=1',
      }),
    ).toThrow();
  });
});
