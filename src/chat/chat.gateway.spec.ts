import { MESSAGE_METADATA } from '@nestjs/websockets/constants';
import { CLIENT_EVENTS } from '../protocol/events';
import { ChatGateway } from './chat.gateway';

describe('ChatGateway', () => {
  it('has exactly one handler for each client event of the protocol', () => {
    const prototype = ChatGateway.prototype as unknown as Record<string, unknown>;
    const handled = Object.getOwnPropertyNames(prototype)
      .map((name) => prototype[name])
      .filter((member): member is object => typeof member === 'function')
      .map((method) => Reflect.getMetadata(MESSAGE_METADATA, method) as string | undefined)
      .filter((type): type is string => type !== undefined);
    expect(handled.sort()).toEqual([...CLIENT_EVENTS].sort());
  });
});
