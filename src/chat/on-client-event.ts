import { SubscribeMessage } from '@nestjs/websockets';
import { ClientEventType } from '../protocol/events';

/** `@SubscribeMessage` keyed by the protocol's client events, so a handler cannot name one that is not. */
export const OnClientEvent = (type: ClientEventType): MethodDecorator => SubscribeMessage(type);
