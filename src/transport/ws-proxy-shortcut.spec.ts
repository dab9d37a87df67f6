import { ArgumentsHost } from '@nestjs/common';
import { WsProxy } from '@nestjs/websockets/context/ws-proxy';
import { WsExceptionsHandler } from '@nestjs/websockets/exceptions/ws-exceptions-handler';
import { isObservable, lastValueFrom, of, throwError, toArray } from 'rxjs';
import { ChatError } from '../common/chat.error';
import { installWsProxyShortcut } from './ws-proxy-shortcut';

type Wrap = WsProxy['create'];

interface Outcome {
  answer: unknown;
  /** What the exception filters were handed: the error and the handler's arguments. */
  handled: [unknown, unknown[]][];
}

/** Wraps `handler` as a gateway's would be, calls it with a socket and a payload, and reports. */
async function run(wrap: Wrap, handler: () => Promise<unknown>): Promise<Outcome> {
  const handled: [unknown, unknown[]][] = [];
  const filters = {
    handle: (error: unknown, host: ArgumentsHost) => handled.push([error, host.getArgs()]),
  } as unknown as WsExceptionsHandler;
  const received: unknown[][] = [];
  const wrapped = wrap(
    (...args) => {
      received.push(args);
      return handler();
    },
    filters,
    'chat_message',
  );
  let answer = await wrapped('socket', { content: 'Hej' });
  if (isObservable(answer)) {
    answer = await lastValueFrom(answer.pipe(toArray()));
  }
  expect(received).toEqual([['socket', { content: 'Hej' }, 'chat_message']]);
  return { answer, handled };
}

const HANDLERS: Record<string, () => Promise<unknown>> = {
  'answers a frame': () => Promise.resolve({ type: 'chat_message' }),
  'answers nothing': () => Promise.resolve(undefined),
  fails: () => Promise.reject(new ChatError('message_not_found', 'no such message')),
  'answers with an Observable': () => Promise.resolve(of(1, 2)),
  'answers with an Observable that fails': () => Promise.resolve(throwError(() => new Error('late'))),
};

describe('installWsProxyShortcut', () => {
  const proxy = new WsProxy();
  const nests: Wrap = proxy.create.bind(proxy);
  installWsProxyShortcut();
  installWsProxyShortcut(); // a second call changes nothing
  const shortcut: Wrap = proxy.create.bind(proxy);

  it.each(Object.keys(HANDLERS))('answers as Nest’s wrapper does when the handler %s', async (name) => {
    const expected = await run(nests, HANDLERS[name]);

    expect(await run(shortcut, HANDLERS[name])).toEqual(expected);
  });

  it('hands the handler "unknown" for a pattern, as Nest does, when it has none', async () => {
    const received = async (wrap: Wrap): Promise<unknown[]> => {
      let args: unknown[] = [];
      const filters = { handle: () => undefined } as unknown as WsExceptionsHandler;
      await wrap((...handed) => {
        args = handed;
        return Promise.resolve();
      }, filters)('socket');
      return args;
    };

    expect(await received(shortcut)).toEqual(await received(nests));
    expect(await received(shortcut)).toEqual(['socket', 'unknown']);
  });

  it('hands a failure to the exception filters with the handler’s arguments', async () => {
    const { answer, handled } = await run(shortcut, HANDLERS.fails);

    expect(answer).toBeUndefined();
    expect(handled).toEqual([[expect.any(ChatError), ['socket', { content: 'Hej' }, 'chat_message']]]);
  });
});
