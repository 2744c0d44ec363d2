import { isCloudStage, stage } from '../../config/env.ts';
import type { TargetPolicy } from '../../domain/net/address-policy.ts';

/**
 * Where outbound requests to addresses other people chose may go: internal addresses only on the local stage
 * (the demo's webhooks are on localhost), plain http never in a cloud stage.
 */
export function outboundPolicy(): TargetPolicy {
  return { allowPrivate: stage() === 'local', allowHttp: !isCloudStage() };
}
