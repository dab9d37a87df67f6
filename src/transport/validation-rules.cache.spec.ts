import { IsInt, validateSync, ValidationError } from 'class-validator';
import { EditMessageDto } from '../chat/dto/edit-message.dto';
import { EmptyPayloadDto } from '../chat/dto/empty-payload.dto';
import { MessageRefDto } from '../chat/dto/message-ref.dto';
import { SendMessageDto } from '../chat/dto/send-message.dto';
import { TabVisibilityDto } from '../chat/dto/tab-visibility.dto';
import { cacheValidationRules } from './validation-rules.cache';

const OPTIONS = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: false };

/** Each failed rule as `property: constraint`, in order. */
function failures(dto: new () => object, payload: object): string[] {
  const describe = (errors: ValidationError[]): string[] =>
    errors.flatMap((error) => Object.keys(error.constraints ?? {}).map((rule) => `${error.property}: ${rule}`));
  return describe(validateSync(Object.assign(new dto(), payload), OPTIONS));
}

const CASES: [new () => object, object][] = [
  [SendMessageDto, { content: 'Hej' }],
  [SendMessageDto, { content: 'Hej', message_type: 'gif', client_id: 'bad id!', extra: 1 }],
  [SendMessageDto, { content: '', encrypted: 'yes', char_count: 0 }],
  [EditMessageDto, { message_id: 'x', content: 'new' }],
  [EditMessageDto, { content: 5 }],
  [MessageRefDto, { message_id: 'x'.repeat(65) }],
  [TabVisibilityDto, { is_active: 'no' }],
  [EmptyPayloadDto, { anything: true }],
];

describe('cacheValidationRules', () => {
  it('leaves every verdict as class-validator gives it uncached, call after call', () => {
    const uncached = CASES.map(([dto, payload]) => failures(dto, payload));
    expect(uncached.flat().length).toBeGreaterThan(8); // the cases do break rules

    cacheValidationRules();
    cacheValidationRules(); // a second call changes nothing

    expect(CASES.map(([dto, payload]) => failures(dto, payload))).toEqual(uncached);
    expect(CASES.map(([dto, payload]) => failures(dto, payload))).toEqual(uncached);
  });

  it('forgets what it remembered when a rule is added later', () => {
    cacheValidationRules();
    class Later {
      count?: unknown;
    }
    expect(failures(Later, { count: 'many' })).toEqual(['count: whitelistValidation']);

    IsInt()(Later.prototype, 'count');

    expect(failures(Later, { count: 'many' })).toEqual(['count: isInt']);
  });
});
