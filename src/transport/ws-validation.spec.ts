import * as classValidator from 'class-validator';
import { SendMessageDto } from '../chat/dto/send-message.dto';
import { ChatError } from '../common/chat.error';
import { WsValidationPipe } from './ws-validation';

describe('WsValidationPipe', () => {
  const pipe = new WsValidationPipe();
  const asMessage = { type: 'body' as const, metatype: SendMessageDto };
  const validateSync = jest.spyOn(classValidator, 'validateSync');

  afterEach(() => validateSync.mockClear());
  afterAll(() => validateSync.mockRestore());

  it('answers a payload every rule accepts with the DTO, without class-validator building errors', () => {
    const dto = pipe.transform({ content: 'Hej', client_id: 'c-1' }, asMessage);

    expect(dto).toBeInstanceOf(SendMessageDto);
    expect(dto).toMatchObject({ content: 'Hej', client_id: 'c-1', message_type: 'text' });
    expect(validateSync).not.toHaveBeenCalled();
  });

  it("refuses a payload in class-validator's words, naming fields and rules but never values", () => {
    const refuse = (): unknown =>
      pipe.transform({ content: 'secret words', message_type: 'video', extra: 1 }, asMessage);

    expect(refuse).toThrow(ChatError);
    expect(refuse).toThrow('property extra should not exist; message_type must be one of the following values: ');
    expect(refuse).not.toThrow(/secret/);
    expect(validateSync).toHaveBeenCalled();
  });
});
