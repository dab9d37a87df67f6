import {
  IsIn,
  IsNotEmpty,
  IsString,
  Validate,
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { ChatMessageRequest, MESSAGE_TYPES, MessageType } from '../../protocol/events';
import { mediaContentProblem } from '../../protocol/media';

@ValidatorConstraint({ name: 'mediaContent' })
class MediaContentConstraint implements ValidatorConstraintInterface {
  validate(content: unknown, args: ValidationArguments): boolean {
    return typeof content !== 'string' || this.problem(content, args) === undefined;
  }

  defaultMessage(args: ValidationArguments): string {
    return this.problem(args.value as string, args) ?? 'content does not match message_type';
  }

  private problem(content: string, args: ValidationArguments): string | undefined {
    const { message_type: messageType } = args.object as SendMessageDto;
    return MESSAGE_TYPES.includes(messageType) ? mediaContentProblem(messageType, content) : undefined;
  }
}

export class SendMessageDto implements ChatMessageRequest {
  @IsString()
  @IsNotEmpty()
  @Validate(MediaContentConstraint)
  content!: string;

  @IsIn(MESSAGE_TYPES)
  message_type: MessageType = 'text';
}
