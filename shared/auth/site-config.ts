import * as z from 'zod';

/**
 * `/config.json`, the site's runtime settings: how the staff console and the dashboard sign in. One file, served
 * with the site (the local runtime serves it; in the cloud the web stack writes it into the site bucket), so
 * the same built pages run against Cognito's managed login, a county's own OIDC provider, or the local one.
 */

export const siteConfigPath = '/config.json';

/** The pages that sign staff in. Each is its own redirect URI and post-logout URI at the provider. */
export const staffPages = ['/console.html', '/dashboard.html', '/ledger-print.html'] as const;

const text = z.string().min(1).max(2048);

export const staffSignInSchema = z.object({
  /** The OIDC issuer; discovery is at `<issuer>/.well-known/openid-configuration`. */
  issuer: text,
  clientId: text,
  scope: text,
  redirectUris: z.array(text).min(1),
  postLogoutRedirectUris: z.array(text).min(1),
  /** Overrides the discovery document's `end_session_endpoint` (Cognito's `/logout` on its managed-login domain). */
  endSessionEndpoint: text.optional(),
  /** Cognito's `/logout` takes the return address as `logout_uri` rather than `post_logout_redirect_uri`. */
  logoutUriParameter: z
    .string()
    .regex(/^[a-z_]+$/)
    .optional(),
  /** Cognito's managed login takes the page language as `lang` rather than `ui_locales`. */
  languageParameter: z
    .string()
    .regex(/^[a-z_]+$/)
    .optional(),
});
export type StaffSignInConfig = z.infer<typeof staffSignInSchema>;

export const siteConfigSchema = z.object({
  /** null: staff sign-in is not configured for this deployment yet (the console says so). */
  staffSignIn: staffSignInSchema.nullable(),
});
export type SiteConfig = z.infer<typeof siteConfigSchema>;

/** `https://site/console.html`, `https://site/dashboard.html`. */
export function staffPageUrls(siteUrl: string): string[] {
  const base = siteUrl.replace(/\/+$/, '');
  return staffPages.map((page) => `${base}${page}`);
}

/** The content of `/config.json` for a site at `siteUrl` whose staff sign in at `issuer`. */
export function siteConfig(
  options: {
    readonly siteUrl: string;
    readonly issuer: string;
    readonly clientId: string;
    readonly scope: string;
  } & Pick<StaffSignInConfig, 'endSessionEndpoint' | 'logoutUriParameter' | 'languageParameter'>,
): SiteConfig {
  const { siteUrl, ...settings } = options;
  const pages = staffPageUrls(siteUrl);
  return siteConfigSchema.parse({
    staffSignIn: { ...settings, redirectUris: pages, postLogoutRedirectUris: pages },
  });
}
