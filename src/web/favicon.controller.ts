import { Controller, Get, Redirect } from '@nestjs/common';

/** Browsers ask for /favicon.ico whatever the page says: point them at the app's icon. */
@Controller()
export class FaviconController {
  @Get('favicon.ico')
  @Redirect('/app/icon.svg', 301)
  icon(): void {}
}
