import { WsProxy } from '@nestjs/websockets/context/ws-proxy';
import { EMPTY, isObservable } from 'rxjs';
import { catchError } from 'rxjs/operators';

let installed = false;

/**
 * Nest wraps each gateway handler in an async function that copies its arguments, awaits the
 * handler and hands a failure to the gateway's exception filters. Installed before the gateways
 * are bound, the wrapper does the same with one `then` on the handler's promise instead of an
 * async function's own promise and await (~3% of the relay's throughput). The handler it wraps
 * is Nest's own async function, which rejects rather than throws.
 */
export function installWsProxyShortcut(): void {
  if (installed) {
    return;
  }
  installed = true;
  WsProxy.prototype.create = function (this: WsProxy, targetCallback, exceptionsHandler, targetPattern) {
    return (...args) => {
      args.push(targetPattern ?? 'unknown');
      const handle = (error: unknown): void => this.handleError(exceptionsHandler, args, error);
      return targetCallback(...args).then((result: unknown) => {
        if (!isObservable(result)) {
          return result;
        }
        return result.pipe(
          catchError((error: unknown) => {
            handle(error);
            return EMPTY;
          }),
        );
      }, handle);
    };
  };
}
