/**
 * No page of the gateway may be framed by another site (clickjacking: GraphiQL can run mutations with the token in
 * its Headers editor). Every response says so twice — `X-Frame-Options: DENY` for old browsers and the CSP
 * `frame-ancestors 'none'` directive for current ones. A route that sets its own Content-Security-Policy (GraphiQL)
 * replaces this one and must keep `frame-ancestors 'none'` in it (GRAPHIQL_CSP does).
 */
import type { ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';

export const FRAME_ANCESTORS_NONE = "frame-ancestors 'none'";

/** Both headers on one response (the GraphQL lane, which Express does not see, calls it directly). */
export function setFrameGuard(res: ServerResponse): void {
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Content-Security-Policy', FRAME_ANCESTORS_NONE);
}

export function frameGuard() {
  return (_req: Request, res: Response, next: NextFunction): void => {
    setFrameGuard(res);
    next();
  };
}
