/**
 * A recording HTTP proxy for the spec tests: put between the gateway and one simulator (the test rewrites the
 * account's base URL to the proxy's), it forwards every request unchanged (method, path, query, headers, body) and
 * keeps each exchange — request and response, bodies in full — so the tests can validate the traffic the adapters
 * actually send and receive. The sandbox stays untouched. Kept by hand (40 lines of node:http) rather than a proxy
 * library because it must buffer and hand over both bodies, which the common proxy packages stream past.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Exchange {
  /** Sandbox platform code the proxy fronts. */
  platform: string;
  method: string;
  /** Path without the query string, e.g. "/rws/api/v1/devices/8901…". */
  path: string;
  query: URLSearchParams;
  requestHeaders: http.IncomingHttpHeaders;
  requestBody: string;
  status: number;
  responseHeaders: http.IncomingHttpHeaders;
  responseBody: string;
}

export interface RecordingProxy {
  url: string;
  close(): Promise<void>;
}

export async function startRecordingProxy(platform: string, target: string, log: Exchange[]): Promise<RecordingProxy> {
  const upstream = new URL(target);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const requestBody = Buffer.concat(chunks);
      const forward = http.request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: upstream.host },
        },
        (answer) => {
          const out: Buffer[] = [];
          answer.on('data', (c: Buffer) => out.push(c));
          answer.on('end', () => {
            const responseBody = Buffer.concat(out);
            const url = new URL(req.url ?? '/', 'http://proxy');
            log.push({
              platform,
              method: req.method ?? 'GET',
              path: url.pathname,
              query: url.searchParams,
              requestHeaders: req.headers,
              requestBody: requestBody.toString('utf8'),
              status: answer.statusCode ?? 0,
              responseHeaders: answer.headers,
              responseBody: responseBody.toString('utf8'),
            });
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            res.end(responseBody);
          });
        },
      );
      forward.on('error', (err) => {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`recording proxy: ${err.message}`);
      });
      forward.end(requestBody);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
