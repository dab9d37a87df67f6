import { IsString, MaxLength, ValidateBy } from 'class-validator';
import { PushSubscribeRequest, PushUnsubscribeRequest } from '../../protocol/events';

/** Longer than any push service's endpoint; which hosts are taken is PushService's to check. */
const MAX_ENDPOINT = 2048;
const BASE64URL = /^[A-Za-z0-9_-]+=*$/;

/** `{ p256dh, auth }`, both url-safe base64 of a sensible length, and nothing else. */
function isPushKeys(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const { p256dh, auth, ...extra } = value as Record<string, unknown>;
  return (
    Object.keys(extra).length === 0 &&
    typeof p256dh === 'string' &&
    p256dh.length <= 128 &&
    BASE64URL.test(p256dh) &&
    typeof auth === 'string' &&
    auth.length <= 64 &&
    BASE64URL.test(auth)
  );
}

export class PushUnsubscribeDto implements PushUnsubscribeRequest {
  @IsString()
  @MaxLength(MAX_ENDPOINT)
  endpoint!: string;
}

export class PushSubscribeDto extends PushUnsubscribeDto implements PushSubscribeRequest {
  @ValidateBy({
    name: 'pushKeys',
    validator: { validate: isPushKeys, defaultMessage: () => 'keys must be { p256dh, auth }, each url-safe base64' },
  })
  keys!: { p256dh: string; auth: string };
}
