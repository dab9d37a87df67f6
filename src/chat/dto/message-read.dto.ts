import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { MessageReadRequest } from '../../protocol/events';

export class MessageReadDto implements MessageReadRequest {
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  message_id!: string;
}
