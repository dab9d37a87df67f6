import { ArgumentMetadata, PipeTransform, ValidationError } from '@nestjs/common';
import { MessageBody } from '@nestjs/websockets';
import { validateSync, ValidatorOptions } from 'class-validator';
import { ChatError } from '../common/chat.error';
import { cacheValidationRules } from './validation-rules.cache';

/** Extra fields are refused; messages name the field and the rule, never the value (it may be private). */
const VALIDATOR_OPTIONS: ValidatorOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: false, // the parser already refuses non-objects; true would refuse the empty DTO
  validationError: { target: false, value: false },
};

type DtoClass = new () => object;

/**
 * The frame's `data` as an instance of the parameter's DTO class, validated by class-validator.
 * Every DTO of this protocol is flat (the parser caps keys and depth), so the instance is the
 * payload's fields copied onto a new DTO: class-transformer's full round trip, and the Promise
 * of the async validate, cost more than the whole rest of a small message's path.
 */
export class WsValidationPipe implements PipeTransform {
  constructor() {
    cacheValidationRules();
  }

  transform(value: unknown, { metatype }: ArgumentMetadata): unknown {
    if (metatype === undefined || typeof value !== 'object' || value === null) {
      return value;
    }
    const instance = Object.assign(new (metatype as DtoClass)(), value);
    const errors = validateSync(instance, VALIDATOR_OPTIONS);
    if (errors.length > 0) {
      throw new ChatError('invalid_payload', describe(errors) || 'invalid payload');
    }
    return instance;
  }
}

const wsValidationPipe = new WsValidationPipe();

/**
 * The frame's `data`, validated against the parameter's DTO class. Scoped to the parameter:
 * a class-level pipe would also try to "validate" the connected socket.
 */
export const ValidPayload = (): ParameterDecorator => MessageBody(wsValidationPipe);

function describe(errors: ValidationError[]): string {
  return errors.flatMap((error) => Object.values(error.constraints ?? {})).join('; ');
}
