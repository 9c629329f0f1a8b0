/**
 * No page of the gateway may be framed by another site (clickjacking: GraphiQL can run mutations with the token in
 * its Headers editor). Every response says so twice — `X-Frame-Options: DENY` for old browsers and the CSP
 * `frame-ancestors 'none'` directive for current ones. A route that sets its own Content-Security-Policy (GraphiQL)
 * replaces this one and must keep `frame-ancestors 'none'` in it (GRAPHIQL_CSP does).
 */
import type { NextFunction, Request, Response } from 'express';

export const FRAME_ANCESTORS_NONE = "frame-ancestors 'none'";

export function frameGuard() {
  return (_req: Request, res: Response, next: NextFunction): void => {
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Content-Security-Policy', FRAME_ANCESTORS_NONE);
    next();
  };
}
