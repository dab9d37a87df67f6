import { registerAs } from '@nestjs/config';
import { IsIn } from 'class-validator';
import { IntegerVar, StringVar } from './env-decorators';
import { validateEnv } from './validate-env';

const NODE_ENVS = ['development', 'production', 'test'] as const;
const LOG_FORMATS = ['text', 'json'] as const;
export const MIB = 1024 * 1024;
/** Far below V8's longest string (~512 MiB), so no frame built around one limit can outgrow it. */
export const MAX_LIMIT_BYTES = 256 * MIB;
const OUTGOING_FRAMES = 4;

export class ServerEnv {
  @StringVar('development')
  @IsIn(NODE_ENVS, { message: `$property must be one of ${NODE_ENVS.join(', ')}` })
  NODE_ENV!: (typeof NODE_ENVS)[number];

  @IntegerVar(8000, 0, 65535)
  PORT!: number;

  @StringVar('text')
  @IsIn(LOG_FORMATS, { message: `$property must be one of ${LOG_FORMATS.join(', ')}` })
  LOG_FORMAT!: (typeof LOG_FORMATS)[number];

  @IntegerVar(8 * MIB, 1024, MAX_LIMIT_BYTES)
  MAX_FRAME_BYTES!: number;
}

export const serverConfig = registerAs('server', () => {
  const env = validateEnv(ServerEnv, process.env);
  return {
    nodeEnv: env.NODE_ENV,
    isProduction: env.NODE_ENV === 'production',
    port: env.PORT,
    /** `json`: one JSON object per line, for a platform's log search (Railway filters by level). */
    logFormat: env.LOG_FORMAT,
    maxFrameBytes: env.MAX_FRAME_BYTES,
    /**
     * What the server holds unsent for one client: past one of the largest frames it reads no
     * more from that client; past a few, so a slow phone still gets its images but a client that
     * stopped reading is let go, it drops the client (its messages stay stored).
     */
    outgoing: { backlogBytes: env.MAX_FRAME_BYTES, dropBytes: OUTGOING_FRAMES * env.MAX_FRAME_BYTES },
  };
});
