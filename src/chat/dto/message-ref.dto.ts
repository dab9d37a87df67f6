import { applyDecorators } from '@nestjs/common';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { MessageRefRequest } from '../../protocol/events';

/** A message id as clients send it: the server's UUIDs, with room to spare. */
export const MessageIdField = (): PropertyDecorator => applyDecorators(IsString(), IsNotEmpty(), MaxLength(64));

/** `{ message_id }`: the payload of `message_read` and `delete_message`. */
export class MessageRefDto implements MessageRefRequest {
  @MessageIdField()
  message_id!: string;
}
