import {
  IsBoolean,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Min,
  Validate,
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { e2eContentProblem } from '../../protocol/e2e';
import { MESSAGE_TYPES, MessageType } from '../../protocol/events';
import { mediaContentProblem } from '../../protocol/media';

@ValidatorConstraint({ name: 'messageContent' })
class MessageContentConstraint implements ValidatorConstraintInterface {
  validate(content: unknown, args: ValidationArguments): boolean {
    return typeof content !== 'string' || problemOf(content, args.object as MessageContentDto) === undefined;
  }

  defaultMessage(args: ValidationArguments): string {
    return problemOf(args.value as string, args.object as MessageContentDto) ?? 'invalid content';
  }
}

/**
 * Plain content must be what its `message_type` says (images are checked to the byte);
 * end-to-end content can only be checked for its form and its declared `char_count`.
 */
function problemOf(content: string, dto: MessageContentDto & { message_type?: MessageType }): string | undefined {
  if (dto.encrypted === true) {
    return e2eContentProblem(content, dto.char_count);
  }
  if (dto.char_count !== undefined) {
    return 'char_count is sent only with encrypted content; the server counts plain content itself';
  }
  const type = dto.message_type ?? 'text';
  return MESSAGE_TYPES.includes(type) ? mediaContentProblem(type, content) : undefined;
}

/** What `chat_message` and `edit_message` share: content, plain or end-to-end encrypted. */
export abstract class MessageContentDto {
  @IsString()
  @IsNotEmpty()
  @Validate(MessageContentConstraint)
  content!: string;

  @IsOptional()
  @IsBoolean()
  encrypted?: boolean;

  @IsOptional()
  @IsInt()
  @Min(1)
  char_count?: number;
}
