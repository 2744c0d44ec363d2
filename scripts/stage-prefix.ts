/** A cloud stage's resource prefix as the CDK app names stages (`dev-`, `prod-`): what the ops scripts accept. */
export const STAGE_PREFIX = /^[a-z0-9-]+-$/;
