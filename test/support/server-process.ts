import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/**
 * The node options of `npm start` (`node <options> dist/main`), so tests and the bench run the
 * server as it is deployed.
 */
export const START_NODE_OPTIONS: string[] = (
  JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }
).scripts.start
  .split(/\s+/)
  .slice(1, -1);

const BUILT_SERVER = [...START_NODE_OPTIONS, join(ROOT, 'dist', 'main.js')];

/**
 * The built server (`dist/main.js`, made by `npm run build`) in a child process on a free port,
 * or another server that prints "Listening on port N" (`nodeArgs`).
 */
export interface ServerProcess {
  child: ChildProcessWithoutNullStreams;
  port: number;
  /** Everything the process has printed so far, stdout and stderr. */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export async function startServerProcess(env: Record<string, string>, nodeArgs = BUILT_SERVER): Promise<ServerProcess> {
  const child = spawn(process.execPath, nodeArgs, {
    env: { PATH: process.env.PATH ?? '', PORT: '0', NO_COLOR: '1', ...env },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 15_000);
    const onData = (): void => {
      const match = /Listening on port (\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout.on('data', onData);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`server exited:\n${output}`));
    });
  });
  return { child, port, output: () => output, exited };
}
