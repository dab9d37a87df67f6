import { InterceptorsConsumer } from '@nestjs/core/interceptors/interceptors-consumer';

let installed = false;

/**
 * Without interceptors, Nest's `InterceptorsConsumer.intercept` is an async function that only
 * returns `next()`: one more promise, adopting another, on every frame and request (2-4% of the
 * relay's throughput). Installed before the app initialises, it hands back `next()`'s own promise
 * then (Nest's `next` is always an async function, so it rejects rather than throws, as before);
 * with interceptors, Nest's chain runs unchanged.
 */
export function installInterceptorShortcut(): void {
  if (installed) {
    return;
  }
  installed = true;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with each consumer as `this`
  const nestIntercept = InterceptorsConsumer.prototype.intercept;
  InterceptorsConsumer.prototype.intercept = function (this, interceptors, args, instance, callback, next, type) {
    return interceptors.length === 0
      ? next()
      : nestIntercept.call(this, interceptors, args, instance, callback, next, type);
  };
}
