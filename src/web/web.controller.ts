import { Controller, Get, Header, Inject, Logger, NotFoundException, Param, Res, StreamableFile } from '@nestjs/common';
import { Response } from 'express';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { WEB_CLIENT_DIR } from './web-client-dir';

const FILES: Record<string, string> = {
  'app.js': 'text/javascript; charset=utf-8',
  'styles.css': 'text/css; charset=utf-8',
  'icon.svg': 'image/svg+xml',
  'icon-unread.svg': 'image/svg+xml',
  'icon-192.png': 'image/png',
  'icon-512.png': 'image/png',
  'manifest.webmanifest': 'application/manifest+json; charset=utf-8',
  'sw.js': 'text/javascript; charset=utf-8',
};

/**
 * Everything from this origin only; no inline script or style; images from this origin or data:
 * URLs (what the chat sends); the WebSocket back to this host; the service worker and the
 * manifest from this origin (what installing the app needs, nothing more).
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

@Controller('app')
export class WebController {
  private readonly logger = new Logger(WebController.name);
  private readonly cache = new Map<string, Buffer>();

  /** `clientDir`: the built client (`npm run build` writes it to dist/web). */
  constructor(@Inject(WEB_CLIENT_DIR) private readonly clientDir: string) {}

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', CONTENT_SECURITY_POLICY)
  @Header('Cache-Control', 'no-cache')
  async page(): Promise<StreamableFile> {
    return new StreamableFile(await this.file('index.html'));
  }

  @Get(':file')
  @Header('Content-Security-Policy', CONTENT_SECURITY_POLICY)
  @Header('Cache-Control', 'no-cache')
  async asset(@Param('file') name: string, @Res({ passthrough: true }) response: Response): Promise<StreamableFile> {
    const type = FILES[name];
    if (type === undefined) {
      throw new NotFoundException();
    }
    response.type(type);
    if (name === 'sw.js') {
      // The page is /app itself, above the worker's own folder (/app/): let its scope cover it.
      response.setHeader('Service-Worker-Allowed', '/app');
    }
    return new StreamableFile(await this.file(name));
  }

  private async file(name: string): Promise<Buffer> {
    let content = this.cache.get(name);
    if (content === undefined) {
      content = await readFile(join(this.clientDir, name)).catch(() => {
        this.logger.warn(`The web client is not built (${name} is missing): run npm run build`);
        throw new NotFoundException();
      });
      this.cache.set(name, content);
    }
    return content;
  }
}
