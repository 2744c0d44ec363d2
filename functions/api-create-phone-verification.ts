import { cursorSecret } from '../shared/config/env.ts';
import { ValidationError } from '../shared/errors/index.ts';
import { parseJsonBody } from '../shared/http/body.ts';
import { publicHandler } from '../shared/http/public-handler.ts';
import { enforceRateLimit } from '../shared/http/rate-limit.ts';
import { json } from '../shared/http/responses.ts';
import { messageTransport } from '../shared/runtime/deps/notifications.ts';
import { phoneVerificationStore } from '../shared/runtime/deps/phone-verification.ts';
import { rateLimiter, rateLimits } from '../shared/runtime/deps/rate-limiter.ts';
import {
  CODE_LENGTH,
  MAX_ATTEMPTS,
  phoneVerificationRequestSchema,
  startPhoneVerification,
} from '../shared/use-cases/phone-verification.ts';

/**
 * `POST /api/phone-verifications`: sends a one-time code to a mainland mobile. Limited per address (route
 * class `verify`) and per number (`verifyPhone`). The answer never contains the code.
 */
export const handler = publicHandler('verify', async (event) => {
  const { phone } = parseJsonBody(event, phoneVerificationRequestSchema, 1024);
  // Codes go by SMS, so only to mobiles (normalised to 11 digits); landlines have no verification.
  if (!/^1\d{10}$/.test(phone))
    throw new ValidationError([
      { field: 'phone', message: '验证码只能发送到手机号码 / codes can only be sent to a mobile number' },
    ]);
  const verification = await startPhoneVerification(
    {
      store: phoneVerificationStore(),
      transport: messageTransport(),
      secret: cursorSecret,
      limitPhone: async (phoneHash) => {
        await enforceRateLimit(
          { limiter: rateLimiter, limits: rateLimits },
          'verifyPhone',
          `phone:${phoneHash}`,
        );
      },
    },
    phone,
    new Date(),
  );
  return json(201, { ...verification, codeLength: CODE_LENGTH, maxAttempts: MAX_ATTEMPTS });
});
