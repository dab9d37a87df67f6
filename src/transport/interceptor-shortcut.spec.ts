import { NestInterceptor } from '@nestjs/common';
import { InterceptorsConsumer } from '@nestjs/core/interceptors/interceptors-consumer';
import { isObservable, lastValueFrom, map, Observable } from 'rxjs';
import { installInterceptorShortcut } from './interceptor-shortcut';

describe('installInterceptorShortcut', () => {
  const consumer = new InterceptorsConsumer();
  const handlerCall = (answer: Promise<unknown>) => () => answer;
  installInterceptorShortcut();
  installInterceptorShortcut(); // a second call changes nothing

  it('hands back the handler’s own promise when there is no interceptor', async () => {
    const answer = Promise.resolve('answer');

    const intercepted = consumer.intercept([], [], {}, () => undefined, handlerCall(answer));

    expect(intercepted).toBe(answer);
    await expect(intercepted).resolves.toBe('answer');
  });

  it('still runs the answer through every interceptor there is, as Nest does', async () => {
    const doubling: NestInterceptor<number, number> = {
      intercept: (_context, next) => next.handle().pipe(map((value) => value * 2)),
    };

    const intercepted = await consumer.intercept([doubling], [], {}, () => undefined, handlerCall(Promise.resolve(21)));

    expect(isObservable(intercepted)).toBe(true);
    expect(await lastValueFrom(intercepted as Observable<number>)).toBe(42);
  });
});
