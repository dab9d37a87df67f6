import { ValidationError, ValidationPipe, ValidationPipeOptions } from '@nestjs/common';
import { MessageBody } from '@nestjs/websockets';
import { ChatError } from '../common/chat.error';

/** One set of options for every frame payload; failures become `invalid_payload` errors. */
export const wsValidationOptions: ValidationPipeOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: false, // parseClientFrame already refuses non-objects; true would refuse the empty DTO
  transform: true,
  // Messages name the field and the rule, never the value, which may be private content.
  validationError: { target: false, value: false },
  exceptionFactory: (errors: ValidationError[]) =>
    new ChatError('invalid_payload', describe(errors) || 'invalid payload'),
};

const wsValidationPipe = new ValidationPipe(wsValidationOptions);

/**
 * The frame's `data`, validated against the parameter's DTO class. Scoped to the parameter:
 * a class-level pipe would also try to "validate" the connected socket.
 */
export const ValidPayload = (): ParameterDecorator => MessageBody(wsValidationPipe);

function describe(errors: ValidationError[]): string {
  return errors.flatMap((error) => Object.values(error.constraints ?? {})).join('; ');
}
