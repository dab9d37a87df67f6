import { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { PipesConsumer } from '@nestjs/core/pipes/pipes-consumer';
import { WsContextCreator } from '@nestjs/websockets/context/ws-context-creator';
import { ChatError } from '../common/chat.error';
import { installInlinePipes } from './inline-pipes';

type CreatePipesFn = WsContextCreator['createPipesFn'];
type ParamOptions = Parameters<CreatePipesFn>[1];

class PayloadDto {}

/** How a pipe answers: with a value at once, with a promise of one, with nothing, or by throwing. */
type Answer = 'now' | 'promise' | 'nothing' | 'throw';

/** A pipe that notes what it was given and hands on the value wrapped in its name. */
function recordingPipe(name: string, calls: unknown[], answer: Answer = 'now'): PipeTransform {
  return {
    transform(value: unknown, metadata: ArgumentMetadata): unknown {
      calls.push({ name, value, metadata });
      if (answer === 'throw') {
        throw new ChatError('invalid_payload', `${name} refused`);
      }
      const wrapped = answer === 'nothing' ? undefined : { [name]: value };
      return answer === 'promise' ? Promise.resolve(wrapped) : wrapped;
    },
  };
}

/**
 * A gateway handler's two parameters, as Nest describes them: the socket, then the payload (its
 * `data` names a property to pick, handed to the pipes as it is).
 */
function handlerParams(payloadPipes: PipeTransform[]): ParamOptions {
  return [
    { index: 0, type: RouteParamtypes.REQUEST, data: 'socket', pipes: [], extractValue: (socket: unknown) => socket },
    {
      index: 1,
      type: RouteParamtypes.BODY,
      data: 'content',
      pipes: payloadPipes,
      metatype: PayloadDto,
      extractValue: (_socket: unknown, payload: unknown) => payload,
    },
  ];
}

interface Outcome {
  args: unknown[];
  calls: unknown[];
  error?: unknown;
}

/**
 * Runs a pipes function made by `create` over the same pipes and frame as any other run, with
 * the class's pipe answering `classAnswer` and the payload's own `answer`; the arguments are
 * taken as they stand the moment it settles, which is when Nest calls the handler.
 */
async function run(create: CreatePipesFn, answer: Answer, classAnswer: Answer = 'now'): Promise<Outcome> {
  const calls: unknown[] = [];
  const args: unknown[] = [null, null];
  const pipesFn = create(
    [recordingPipe('handler', calls, classAnswer)],
    handlerParams([recordingPipe('param', calls, answer)]),
  );
  try {
    await pipesFn?.(args, 'socket', { content: 'Hej' });
  } catch (error) {
    return { args: [...args], calls, error };
  }
  return { args: [...args], calls };
}

describe('installInlinePipes', () => {
  const nestContext = new WsContextCreator(
    ...([undefined, undefined, undefined, new PipesConsumer()] as unknown as ConstructorParameters<
      typeof WsContextCreator
    >),
  );
  const nests: CreatePipesFn = nestContext.createPipesFn.bind(nestContext);
  installInlinePipes();
  installInlinePipes(); // a second call changes nothing
  const inline: CreatePipesFn = nestContext.createPipesFn.bind(nestContext);

  it.each([
    ['now', 'now'],
    ['promise', 'now'],
    ['nothing', 'now'],
    ['throw', 'now'],
    ['now', 'promise'],
    ['nothing', 'promise'],
  ] as const)(
    'gives each parameter what Nest’s pipes gave it, in the same order, when the payload’s pipe answers %s and the class’s %s',
    async (answer, classAnswer) => {
      const expected = await run(nests, answer, classAnswer);
      expect(expected.calls).toHaveLength(3); // the class's pipe on each parameter, then the payload's own

      expect(await run(inline, answer, classAnswer)).toEqual(expected);
    },
  );

  it('has every parameter filled as soon as it returns when every pipe answers at once (Nest’s waits)', () => {
    const args: unknown[] = [null, null];
    const pipesFn = inline([], handlerParams([recordingPipe('param', [])]));

    void pipesFn?.(args, 'socket', { content: 'Hej' });
    expect(args).toEqual(['socket', { param: { content: 'Hej' } }]);

    const nestsArgs: unknown[] = [null, null];
    void nests([], handlerParams([recordingPipe('param', [])]))?.(nestsArgs, 'socket', { content: 'Hej' });
    expect(nestsArgs).toEqual([null, null]);
  });

  it('makes nothing for a handler without parameters, as Nest does', () => {
    expect(inline([], [])).toBeNull();
    expect(nests([], [])).toBeNull();
  });
});
