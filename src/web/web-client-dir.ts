/** Where the built web client lives: a token, so an in-process test app can serve dist/web. */
export const WEB_CLIENT_DIR = Symbol('WEB_CLIENT_DIR');
