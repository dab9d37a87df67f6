import { IsIn, IsOptional, Matches } from 'class-validator';
import { ChatMessageRequest, MESSAGE_TYPES, MessageType } from '../../protocol/events';
import { MessageContentDto } from './message-content.dto';

export class SendMessageDto extends MessageContentDto implements ChatMessageRequest {
  @IsIn(MESSAGE_TYPES)
  message_type: MessageType = 'text';

  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'client_id must be 1 to 64 of A-Z, a-z, 0-9, _ and -' })
  client_id?: string;
}
