import { Controller, Get, Header, Inject, Logger, NotFoundException, Param, Res } from '@nestjs/common';
import { Response } from 'express';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { WEB_CLIENT_DIR } from './web-client-dir';

const FILES: Record<string, string> = {
  'app.js': 'text/javascript; charset=utf-8',
  'styles.css': 'text/css; charset=utf-8',
  'icon.svg': 'image/svg+xml',
  'icon-unread.svg': 'image/svg+xml',
};

/**
 * Everything from this origin only; no inline script or style; images from this origin or data:
 * URLs (what the chat sends); the WebSocket back to this host.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

@Controller('app')
export class WebController {
  private readonly logger = new Logger(WebController.name);
  private readonly cache = new Map<string, string>();

  /** `clientDir`: the built client (`npm run build` writes it to dist/web). */
  constructor(@Inject(WEB_CLIENT_DIR) private readonly clientDir: string) {}

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', CONTENT_SECURITY_POLICY)
  @Header('Cache-Control', 'no-cache')
  page(): Promise<string> {
    return this.file('index.html');
  }

  @Get(':file')
  @Header('Content-Security-Policy', CONTENT_SECURITY_POLICY)
  @Header('Cache-Control', 'no-cache')
  async asset(@Param('file') name: string, @Res({ passthrough: true }) response: Response): Promise<string> {
    const type = FILES[name];
    if (type === undefined) {
      throw new NotFoundException();
    }
    response.type(type);
    return this.file(name);
  }

  private async file(name: string): Promise<string> {
    let content = this.cache.get(name);
    if (content === undefined) {
      content = await readFile(join(this.clientDir, name), 'utf8').catch(() => {
        this.logger.warn(`The web client is not built (${name} is missing): run npm run build`);
        throw new NotFoundException();
      });
      this.cache.set(name, content);
    }
    return content;
  }
}
