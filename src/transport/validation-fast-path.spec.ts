import {
  Allow,
  IsDefined,
  IsInt,
  IsObject,
  IsString,
  Validate,
  ValidateIf,
  ValidateNested,
  validateSync,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import * as fc from 'fast-check';
import { EditMessageDto } from '../chat/dto/edit-message.dto';
import { EmptyPayloadDto } from '../chat/dto/empty-payload.dto';
import { MessageRefDto } from '../chat/dto/message-ref.dto';
import { PushSubscribeDto, PushUnsubscribeDto } from '../chat/dto/push-subscription.dto';
import { SendMessageDto } from '../chat/dto/send-message.dto';
import { TabVisibilityDto } from '../chat/dto/tab-visibility.dto';
import { FRAME_VALIDATOR_OPTIONS, passesEveryRule } from './validation-fast-path';
import { cacheValidationRules } from './validation-rules.cache';

type Dto = new () => object;

const instance = (dto: Dto, payload: object): object => Object.assign(new dto(), payload);
const classValidatorAccepts = (object: object): boolean => validateSync(object, FRAME_VALIDATOR_OPTIONS).length === 0;

/** Values a client could send in any field, valid ones for every field among them. */
const FIELD_VALUES = [
  'Hej',
  '',
  'x'.repeat(65),
  'text',
  'image',
  'gif',
  'emoji',
  '😀',
  'data:image/png;base64,iVBORw0KGgo=',
  'data:image/png;base64,iVBORw0KGgo',
  'e2e1.' + 'A'.repeat(60),
  'e2e1.A',
  'client-1',
  'bad id!',
  'https://push.example/endpoint',
  0,
  1,
  3,
  2.5,
  -1,
  true,
  false,
  null,
  [],
  ['Hej'],
  {},
  { p256dh: 'BOr1', auth: 'k2' },
  { p256dh: 'BOr1', auth: 'k2', extra: 1 },
];

const CONTENTS = ['Hej', '😀', 'data:image/png;base64,iVBORw0KGgo=', 'e2e1.' + 'A'.repeat(60)];

/** Each payload class with values its fields accept (not always together: content must match its type). */
const DTOS: [Dto, Record<string, unknown[]>][] = [
  [
    SendMessageDto,
    {
      content: CONTENTS,
      message_type: ['text', 'image', 'emoji'],
      client_id: ['client-1'],
      encrypted: [true, false],
      char_count: [3],
    },
  ],
  [EditMessageDto, { message_id: ['x'], content: CONTENTS, encrypted: [true, false], char_count: [3] }],
  [MessageRefDto, { message_id: ['x', 'a'.repeat(64)] }],
  [TabVisibilityDto, { is_active: [true, false] }],
  [EmptyPayloadDto, {}],
  [PushSubscribeDto, { endpoint: ['https://push.example/endpoint'], keys: [{ p256dh: 'BOr1', auth: 'k2' }] }],
  [PushUnsubscribeDto, { endpoint: ['https://push.example/endpoint'] }],
];

const ABSENT = Symbol('absent');

/** Each field absent, good or anything; now and then a field no class has. */
function payloads(good: Record<string, unknown[]>): fc.Arbitrary<Record<string, unknown>> {
  const field = (values: unknown[]): fc.Arbitrary<unknown> =>
    fc.oneof(
      { weight: 1, arbitrary: fc.constant(ABSENT) },
      { weight: 4, arbitrary: fc.constantFrom(...values) },
      { weight: 1, arbitrary: fc.constantFrom(...FIELD_VALUES) },
    );
  const fields = Object.fromEntries(Object.entries(good).map(([name, values]) => [name, field(values)]));
  const extra = { extra: fc.oneof({ weight: 6, arbitrary: fc.constant(ABSENT) }, fc.constantFrom(...FIELD_VALUES)) };
  return fc
    .record({ ...fields, ...extra })
    .map((payload) => Object.fromEntries(Object.entries(payload).filter(([, value]) => value !== ABSENT)));
}

describe('passesEveryRule', () => {
  beforeAll(() => cacheValidationRules());

  it.each(DTOS)('agrees with validateSync on every %p payload', (dto, good) => {
    const verdicts = { accepted: 0, refused: 0 };
    fc.assert(
      fc.property(payloads(good), (payload) => {
        const accepted = classValidatorAccepts(instance(dto, payload));
        expect(passesEveryRule(instance(dto, payload))).toBe(accepted);
        verdicts[accepted ? 'accepted' : 'refused']++;
      }),
      { numRuns: 2000 },
    );
    expect(verdicts.accepted).toBeGreaterThan(50); // the payloads do include valid ones
  });

  it('takes the short way for the frames clients send most, and refuses what breaks a rule', () => {
    expect(passesEveryRule(instance(SendMessageDto, { content: 'Hej' }))).toBe(true);
    expect(passesEveryRule(instance(SendMessageDto, { content: 'Hej', client_id: 'c-1' }))).toBe(true);
    expect(passesEveryRule(instance(MessageRefDto, { message_id: 'x' }))).toBe(true);
    expect(passesEveryRule(instance(TabVisibilityDto, { is_active: false }))).toBe(true);
    expect(passesEveryRule(instance(EmptyPayloadDto, {}))).toBe(true);

    expect(passesEveryRule(instance(SendMessageDto, { content: 5 }))).toBe(false);
    expect(passesEveryRule(instance(SendMessageDto, { content: 'Hej', extra: 1 }))).toBe(false);
    expect(passesEveryRule(instance(SendMessageDto, { content: 'Hej', toString: 'x' }))).toBe(false);
    expect(passesEveryRule(instance(EmptyPayloadDto, { anything: true }))).toBe(false);
    expect(passesEveryRule(instance(TabVisibilityDto, {}))).toBe(false);
    expect(passesEveryRule(instance(SendMessageDto, { content: 'Hej', constructor: 5 }))).toBe(false);
  });

  it('skips a property whose condition is not met, and checks @IsDefined before the rest', () => {
    class Conditional {
      @IsDefined()
      @IsString()
      name?: unknown;

      @ValidateIf((object: Conditional) => object.name === 'counted')
      @IsInt()
      count?: unknown;
    }
    expect(passesEveryRule(instance(Conditional, { name: 'plain', count: 'many' }))).toBe(true);
    expect(passesEveryRule(instance(Conditional, { name: 'counted', count: 'many' }))).toBe(false);
    expect(passesEveryRule(instance(Conditional, { name: 'counted', count: 2 }))).toBe(true);
    expect(passesEveryRule(instance(Conditional, { count: 2 }))).toBe(false);
    expect(classValidatorAccepts(instance(Conditional, { name: 'plain', count: 'many' }))).toBe(true);
  });

  it('skips a rule whose own `validateIf` option is not met', () => {
    class PerRule {
      @IsInt({ validateIf: (object: PerRule) => object.strict === true })
      count?: unknown;

      @Allow()
      strict?: unknown;
    }
    expect(passesEveryRule(instance(PerRule, { count: 'many' }))).toBe(true);
    expect(passesEveryRule(instance(PerRule, { count: 'many', strict: true }))).toBe(false);
    expect(passesEveryRule(instance(PerRule, { count: 2, strict: true }))).toBe(true);
    expect(classValidatorAccepts(instance(PerRule, { count: 'many' }))).toBe(true);
    expect(classValidatorAccepts(instance(PerRule, { count: 'many', strict: true }))).toBe(false);
  });

  it('leaves to class-validator what it does not model, which then decides', () => {
    class Nested {
      @IsObject()
      @ValidateNested()
      inner?: unknown;
    }
    class EachElement {
      @Validate(IsList, { each: true }) // each element must be a list, which the list itself is
      tags?: unknown;
    }
    class EachName {
      @IsString({ each: true })
      names?: unknown;
    }
    class WholeList {
      @Validate(IsList)
      tags?: unknown;
    }
    class Truthy {
      @Validate(AnswersOne)
      value?: unknown;
    }
    expect(passesEveryRule(instance(Nested, { inner: {} }))).toBe(false);
    expect(passesEveryRule(instance(EachElement, { tags: ['a', 'b'] }))).toBe(false);
    expect(classValidatorAccepts(instance(EachElement, { tags: ['a', 'b'] }))).toBe(false);
    expect(passesEveryRule(instance(EachElement, { tags: [['a'], ['b']] }))).toBe(false);
    expect(passesEveryRule(instance(WholeList, { tags: ['a', 'b'] }))).toBe(true); // a rule for the whole list
    expect(passesEveryRule(instance(EachName, { names: 'a' }))).toBe(true); // `each` over a single value
    expect(classValidatorAccepts(instance(EachElement, { tags: [['a'], ['b']] }))).toBe(true);
    expect(passesEveryRule(instance(Truthy, { value: 'x' }))).toBe(false);
    expect(classValidatorAccepts(instance(Truthy, { value: 'x' }))).toBe(true);
  });

  it('applies a rule in a group when no group is asked for, as validateSync does', () => {
    class Grouped {
      @IsInt({ groups: ['strict'] })
      count?: unknown;
    }
    expect(classValidatorAccepts(instance(Grouped, { count: 'many' }))).toBe(false);
    expect(passesEveryRule(instance(Grouped, { count: 'many' }))).toBe(false);
    expect(passesEveryRule(instance(Grouped, { count: 2 }))).toBe(true);
  });

  it('skips an async rule, as validateSync does', () => {
    class Remote {
      @Validate(AsyncNever)
      @IsString()
      value?: unknown;
    }
    expect(passesEveryRule(instance(Remote, { value: 'x' }))).toBe(true);
    expect(classValidatorAccepts(instance(Remote, { value: 'x' }))).toBe(true);
    expect(passesEveryRule(instance(Remote, { value: 1 }))).toBe(false);
  });

  it('sorts a class again when a rule is added to it later', () => {
    class Later {}
    expect(passesEveryRule(instance(Later, {}))).toBe(true);
    expect(passesEveryRule(instance(Later, { count: 2 }))).toBe(false); // not whitelisted yet

    IsInt()(Later.prototype, 'count');

    expect(passesEveryRule(instance(Later, { count: 'many' }))).toBe(false);
    expect(passesEveryRule(instance(Later, { count: 2 }))).toBe(true);
  });
});

@ValidatorConstraint({ name: 'isList' })
class IsList implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return Array.isArray(value);
  }
}

@ValidatorConstraint({ name: 'answersOne' })
class AnswersOne implements ValidatorConstraintInterface {
  validate(): boolean {
    return 1 as unknown as boolean;
  }
}

@ValidatorConstraint({ name: 'asyncNever', async: true })
class AsyncNever implements ValidatorConstraintInterface {
  validate(): Promise<boolean> {
    return Promise.resolve(false);
  }
}
