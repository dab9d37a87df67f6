import { EditMessageRequest } from '../../protocol/events';
import { MessageContentDto } from './message-content.dto';
import { MessageIdField } from './message-ref.dto';

export class EditMessageDto extends MessageContentDto implements EditMessageRequest {
  @MessageIdField()
  message_id!: string;
}
