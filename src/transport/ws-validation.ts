import { ArgumentMetadata, PipeTransform, ValidationError } from '@nestjs/common';
import { MessageBody } from '@nestjs/websockets';
import { validateSync } from 'class-validator';
import { ChatError } from '../common/chat.error';
import { FRAME_VALIDATOR_OPTIONS, passesEveryRule } from './validation-fast-path';
import { cacheValidationRules } from './validation-rules.cache';

type DtoClass = new () => object;

/**
 * The frame's `data` as an instance of the parameter's DTO class, validated by class-validator.
 * Every DTO of this protocol is flat (the parser caps keys and depth), so the instance is the
 * payload's fields copied onto a new DTO: class-transformer's full round trip, and the Promise
 * of the async validate, cost more than the whole rest of a small message's path. A payload
 * that passes every rule is told apart by running the rules alone (`passesEveryRule`); any other
 * goes to validateSync, whose errors word the refusal.
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
    if (passesEveryRule(instance)) {
      return instance;
    }
    const errors = validateSync(instance, FRAME_VALIDATOR_OPTIONS);
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
