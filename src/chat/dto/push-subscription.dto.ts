import { Type } from 'class-transformer';
import { IsDefined, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { PushSubscribeRequest, PushUnsubscribeRequest } from '../../protocol/events';

const BASE64URL = /^[A-Za-z0-9_-]+=*$/;
/** Longer than any push service's endpoint; which hosts are taken is PushService's to check. */
const MAX_ENDPOINT = 2048;

class PushKeysDto {
  @IsString()
  @MaxLength(128)
  @Matches(BASE64URL, { message: 'keys.p256dh must be url-safe base64' })
  p256dh!: string;

  @IsString()
  @MaxLength(64)
  @Matches(BASE64URL, { message: 'keys.auth must be url-safe base64' })
  auth!: string;
}

export class PushUnsubscribeDto implements PushUnsubscribeRequest {
  @IsString()
  @MaxLength(MAX_ENDPOINT)
  endpoint!: string;
}

export class PushSubscribeDto extends PushUnsubscribeDto implements PushSubscribeRequest {
  @IsDefined()
  @ValidateNested()
  @Type(() => PushKeysDto)
  keys!: PushKeysDto;
}
