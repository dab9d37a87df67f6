import { RequestHandler } from 'express';
import helmet from 'helmet';

const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

/**
 * helmet's headers on every HTTP answer: nosniff, no X-Powered-By, no framing, a CSP that allows
 * nothing (the web client's own routes set theirs), and HSTS in production, where Railway
 * serves the app over TLS only.
 */
export function securityHeaders(isProduction: boolean): RequestHandler {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    strictTransportSecurity: isProduction ? { maxAge: ONE_YEAR_SECONDS, includeSubDomains: false } : false,
  });
}
