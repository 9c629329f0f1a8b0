/**
 * GraphiQL served from local files only (no CDN): GraphiQL 4's UMD build with React 18 UMD and graphql-ws's UMD
 * client, so queries, mutations and subscriptions all work from a browser on a network with no internet. A browser
 * GET on `/{tenant}/graphql` opens it.
 *
 * What the page adds to GraphiQL (GRAPHIQL_START_JS), so that a new user gets going in a minute:
 * - the headers saved by GraphiQL (localStorage) go with the schema request on load, and the schema is fetched again
 *   when the Authorization header changes (GraphiQL alone introspects before its Headers editor exists, and only
 *   again on its unlabelled re-fetch icon);
 * - with the embedded sandbox (demo tenant only; see demo-token.ts) a "Get demo token" button fills the
 *   Authorization header, and the page renews that token before it expires; a bar shows how long the token lasts;
 * - subscriptions run over graphql-ws with the header's token; a WebSocket the server refuses shows the close code
 *   and the server's reason at once, in the response and in the bar, and is not retried on 4401/4403 (graphql-ws
 *   alone retries 4403 for ~40 s and then reports `{"isTrusted":true}`); a subscription the server ends for its
 *   token after the page renewed it subscribes again with the new token;
 * - a welcome text that fits the editor.
 * The page's Content-Security-Policy (GRAPHIQL_CSP) allows only this origin and forbids framing.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import express, { type Router } from 'express';
import { DEMO_TENANT } from './demo-token.js';
import { FRAME_ANCESTORS_NONE } from './frame-guard.js';

const require = createRequire(import.meta.url);
const moduleDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));

/** Asset name → file on disk. */
const ASSETS: Record<string, string> = {
  'react.js': path.join(moduleDir('react'), 'umd/react.production.min.js'),
  'react-dom.js': path.join(moduleDir('react-dom'), 'umd/react-dom.production.min.js'),
  'graphiql.js': path.join(moduleDir('graphiql'), 'dist/index.umd.js'),
  'graphiql.css': path.join(moduleDir('graphiql'), 'dist/style.css'),
  'graphql-ws.js': path.join(moduleDir('graphql-ws'), 'umd/graphql-ws.min.js'),
};

export const GRAPHIQL_ASSET_PATH = '/graphiql-assets';

/** Same origin only (WebSocket included); inline styles for GraphiQL's own; never inside a frame. */
export const GRAPHIQL_CSP = `default-src 'self'; style-src 'self' 'unsafe-inline'; font-src 'self' data:; img-src 'self' data:; connect-src 'self' ws: wss:; ${FRAME_ANCESTORS_NONE}; base-uri 'none'; form-action 'none'`;

export function graphiqlAssets(): Router {
  const router = express.Router();
  router.get(`${GRAPHIQL_ASSET_PATH}/start.js`, (_req, res) => {
    res.type('application/javascript').send(GRAPHIQL_START_JS);
  });
  router.get(`${GRAPHIQL_ASSET_PATH}/:name`, (req, res) => {
    const file = ASSETS[req.params.name!];
    if (!file) return void res.status(404).end();
    res.setHeader('Cache-Control', 'public, max-age=86400');
    res.sendFile(file);
  });
  return router;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The welcome text: lines of at most 32 characters, so that it fits the query editor beside an open Docs pane. */
export function welcomeQuery(tenant: string, demoToken: boolean): string {
  const steps = demoToken
    ? ['# 1. Click "Get demo token",', '#    top right.']
    : [
        '# 1. Get a token: POST',
        '#    /oauth/token with your',
        '#    client id and secret',
        '#    (see the README), and put',
        '#    it in the Headers tab:',
        '#    { "Authorization":',
        '#      "Bearer <token>" }',
      ];
  return [
    '# IoT connectivity gateway',
    `# tenant "${tenant}"`,
    '#',
    ...steps,
    '# 2. Run this query: Ctrl-Enter',
    '#    or the ▶ button.',
    '# 3. Docs (book icon, left)',
    '#    describes every field.',
    '{',
    '  backends {',
    '    platform',
    '    system',
    '    updateMode',
    '  }',
    '}',
    '',
  ].join('\n');
}

/** The GraphiQL page for one tenant's endpoint; `demoTokenUrl` when the demo-token endpoint serves this tenant. */
export function graphiqlHtml(tenant: string, options: { demoTokenUrl?: string } = {}): string {
  const endpoint = `/${tenant}/graphql`;
  const demoTokenUrl = tenant === DEMO_TENANT ? options.demoTokenUrl : undefined;
  const config = JSON.stringify({
    endpoint,
    tenant,
    demoTokenUrl,
    defaultQuery: welcomeQuery(tenant, !!demoTokenUrl),
  }).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>GraphiQL — ${escapeHtml(tenant)} — IoT connectivity gateway</title>
  <link rel="stylesheet" href="${GRAPHIQL_ASSET_PATH}/graphiql.css">
  <style>
    html, body, #graphiql { height: 100%; margin: 0; }
    .gw-page { display: flex; flex-direction: column; height: 100%; font-family: system-ui, sans-serif; font-size: 14px; }
    .gw-bar { display: flex; align-items: center; gap: 16px; padding: 6px 16px; border-bottom: 1px solid #ddd; background: #f6f7f9; }
    .gw-bar .gw-tenant { color: #555; }
    .gw-bar .gw-token { flex: 1; color: #333; }
    .gw-bar .gw-token.expired { color: #b00020; font-weight: 600; }
    .gw-button { font: inherit; padding: 4px 12px; border: 1px solid #d60590; border-radius: 4px; background: #d60590; color: #fff; cursor: pointer; }
    .gw-button:disabled { opacity: 0.6; cursor: default; }
    .gw-alert { padding: 6px 16px; background: #fdecea; color: #b00020; border-bottom: 1px solid #f5c2c0; }
    .gw-graphiql { flex: 1; min-height: 0; }
  </style>
</head>
<body>
  <div id="graphiql">Loading GraphiQL…</div>
  <script src="${GRAPHIQL_ASSET_PATH}/react.js"></script>
  <script src="${GRAPHIQL_ASSET_PATH}/react-dom.js"></script>
  <script src="${GRAPHIQL_ASSET_PATH}/graphql-ws.js"></script>
  <script src="${GRAPHIQL_ASSET_PATH}/graphiql.js"></script>
  <script id="graphiql-config" type="application/json">${config}</script>
  <script src="${GRAPHIQL_ASSET_PATH}/start.js"></script>
</body>
</html>`;
}

/**
 * The page script (plain browser JavaScript, no template literals: it is a String.raw). React state holds the
 * Headers editor's text (GraphiQL's `headers`/`onEditHeaders`), so the fetcher, the WebSocket client and the token
 * bar all read the same headers GraphiQL shows.
 */
export const GRAPHIQL_START_JS = String.raw`(function () {
  'use strict';
  var config = JSON.parse(document.getElementById('graphiql-config').textContent);
  var h = React.createElement;
  var HEADERS_KEY = 'graphiql:headers';
  var PLACEHOLDER = 'Bearer <paste access_token here>';
  var wsUrl = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + config.endpoint;
  var http = GraphiQL.createFetcher({ url: config.endpoint });

  /** The headers JSON as an object; {} when empty, null when it is not a JSON object. */
  function parseHeaders(text) {
    if (!text || !String(text).trim()) return {};
    try {
      var value = JSON.parse(text);
      return value && typeof value === 'object' && !Array.isArray(value) ? value : null;
    } catch (e) {
      return null;
    }
  }
  function isPlaceholder(value) { return typeof value === 'string' && value.indexOf('<') >= 0; }
  /** Headers worth sending: string values, without the placeholder token. */
  function usable(headers) {
    var out = {};
    Object.keys(headers || {}).forEach(function (name) {
      var value = headers[name];
      if (typeof value !== 'string') return;
      if (name.toLowerCase() === 'authorization' && isPlaceholder(value)) return;
      out[name] = value;
    });
    return out;
  }
  function authorizationOf(headers) {
    var names = Object.keys(headers || {});
    for (var i = 0; i < names.length; i++) {
      if (names[i].toLowerCase() === 'authorization') {
        var value = headers[names[i]];
        return typeof value === 'string' && !isPlaceholder(value) ? value : '';
      }
    }
    return '';
  }
  function withAuthorization(text, value) {
    var headers = parseHeaders(text) || {};
    var out = { Authorization: value };
    Object.keys(headers).forEach(function (name) { if (name.toLowerCase() !== 'authorization') out[name] = headers[name]; });
    return JSON.stringify(out, null, 2);
  }
  /** When a bearer JWT expires (ms since the epoch), read from its payload; null if it is not a JWT. */
  function tokenExpiry(authorization) {
    var match = /^Bearer\s+[^.\s]+\.([^.\s]+)\.[^.\s]*$/i.exec(authorization || '');
    if (!match) return null;
    try {
      var claims = JSON.parse(atob(match[1].replace(/-/g, '+').replace(/_/g, '/')));
      return typeof claims.exp === 'number' ? claims.exp * 1000 : null;
    } catch (e) {
      return null;
    }
  }
  function duration(seconds) {
    seconds = Math.max(0, Math.round(seconds));
    var m = Math.floor(seconds / 60), s = seconds % 60;
    return m + ':' + (s < 10 ? '0' : '') + s;
  }

  // Read from the query text itself: GraphiQL's parsed document (and the operation name taken from it) can lag
  // behind the editor, e.g. right after a subscription's text is replaced by a query.
  function namedOperation(params) {
    if (!params.operationName) return null;
    var text = (params.query || '').replace(/#[^\n]*/g, '');
    return new RegExp('\\b(query|mutation|subscription)\\s+' + params.operationName + '\\b').exec(text);
  }
  function isSubscription(params) {
    var text = (params.query || '').replace(/#[^\n]*/g, '');
    var named = namedOperation(params);
    if (named) return named[1] === 'subscription';
    var first = /(?:^|\})\s*(query|mutation|subscription)\b/.exec(text);
    return !!first && first[1] === 'subscription' && text.trim().charAt(0) !== '{';
  }

  // ---- WebSocket (graphql-ws) ------------------------------------------------------------------------------------
  var CLOSE_NAMES = { 1001: 'going away', 1006: 'connection lost', 1008: 'policy violation', 1011: 'server error', 1013: 'try again later',
    4400: 'bad request', 4401: 'unauthorized', 4403: 'forbidden', 4406: 'subprotocol not acceptable', 4408: 'connection initialisation timeout',
    4429: 'too many initialisation requests', 4499: 'terminated', 4500: 'internal server error' };
  var REFUSED = [4401, 4403];
  function isCloseEvent(value) { return !!value && typeof value === 'object' && typeof value.code === 'number' && 'reason' in value; }
  function describeClose(event) {
    var text = 'The server closed the WebSocket: ' + event.code + ' ' + (event.reason || CLOSE_NAMES[event.code] || '');
    if (REFUSED.indexOf(event.code) >= 0) {
      text += ' — ' + (config.demoTokenUrl ? 'click "Get demo token" or put' : 'put') + ' a valid token in the Headers tab and run it again.';
    }
    return text;
  }
  /** What a failed subscription shows in the response pane: always readable JSON, never an Event object. */
  function errorResult(error) {
    if (Array.isArray(error)) return { errors: error }; // GraphQL errors sent by the server
    if (isCloseEvent(error)) return { errors: [{ message: describeClose(error), extensions: { closeCode: error.code, closeReason: error.reason } }] };
    if (error instanceof Error) return { errors: [{ message: error.message }] };
    return { errors: [{ message: 'Could not open a WebSocket to ' + wsUrl + ': is the gateway running?' }] };
  }

  var page = { headers: function () { return {}; }, notify: function () {} };
  var current = null; // { client, authorization }: the client new subscriptions use

  /**
   * One graphql-ws client per token: a new token opens a new connection for new subscriptions. A client retries
   * lost connections, but never one the server refused (4401/4403): the reason is shown at once instead.
   */
  function clientFor(authorization) {
    if (current && current.authorization === authorization) return current.client;
    var entry = { authorization: authorization };
    entry.client = graphqlWs.createClient({
      url: wsUrl,
      lazy: true,
      retryAttempts: 5,
      connectionParams: function () { return authorization ? { Authorization: authorization } : {}; },
      shouldRetry: function (event) { return isCloseEvent(event) && REFUSED.indexOf(event.code) < 0; },
      on: {
        connected: function () { page.notify(null); },
        closed: function (event) {
          if (isCloseEvent(event) && event.code !== 1000) page.notify({ kind: 'error', text: describeClose(event) });
        }
      }
    });
    current = entry;
    return entry.client;
  }

  /**
   * graphql-ws's iterator, whose failure becomes one readable result; return() still unsubscribes at once. When the
   * server ends a subscription for its token (4401/4403) after the Headers editor got another one (the demo token
   * was renewed), it subscribes again with the new token instead.
   */
  function subscribe(params, authorization) {
    var request = { query: params.query, variables: params.variables, operationName: params.operationName || undefined };
    var used = authorization;
    var iterator = clientFor(used).iterate(request);
    var failed = false;
    function next() {
      return iterator.next().catch(function (error) {
        var latest = authorizationOf(page.headers());
        if (isCloseEvent(error) && REFUSED.indexOf(error.code) >= 0 && latest && latest !== used) {
          used = latest;
          iterator = clientFor(used).iterate(request);
          return next();
        }
        failed = true;
        return { done: false, value: errorResult(error) };
      });
    }
    var wrapped = {
      next: function () { return failed ? Promise.resolve({ done: true, value: undefined }) : next(); },
      return: function () { return iterator.return ? iterator.return() : Promise.resolve({ done: true, value: undefined }); },
      throw: function (error) { return iterator.throw ? iterator.throw(error) : Promise.reject(error); }
    };
    wrapped[Symbol.asyncIterator] = function () { return wrapped; };
    return wrapped;
  }

  // ---- The page -------------------------------------------------------------------------------------------------
  function savedHeaders() {
    try {
      var saved = localStorage.getItem(HEADERS_KEY);
      if (saved && saved.trim()) return saved;
    } catch (e) { /* storage disabled */ }
    return JSON.stringify({ Authorization: PLACEHOLDER }, null, 2);
  }

  function App() {
    var headersState = React.useState(savedHeaders);
    var headers = headersState[0], setHeaders = headersState[1];
    var headersRef = React.useRef(headers);
    headersRef.current = headers;
    page.headers = function () { return usable(parseHeaders(headersRef.current) || {}); };

    // While the headers are not valid JSON (being typed), the last valid token stands.
    var lastValid = React.useRef('');
    var parsed = parseHeaders(headers);
    if (parsed) lastValid.current = authorizationOf(parsed);
    var authorization = lastValid.current;
    // The token the schema was fetched with: a new fetcher makes GraphiQL fetch the schema again.
    var schemaState = React.useState(authorization);
    var schemaAuthorization = schemaState[0], setSchemaAuthorization = schemaState[1];
    var renewed = React.useRef({});
    var noticeState = React.useState(null);
    var notice = noticeState[0], setNotice = noticeState[1];
    page.notify = setNotice;
    var demoState = React.useState(null); // { token, expiresAt, renewAt } of the last demo token
    var demo = demoState[0], setDemo = demoState[1];
    var busyState = React.useState(false);
    var busy = busyState[0], setBusy = busyState[1];
    var nowState = React.useState(Date.now());
    var now = nowState[0], setNow = nowState[1];

    React.useEffect(function () {
      var timer = setInterval(function () { setNow(Date.now()); }, 1000);
      return function () { clearInterval(timer); };
    }, []);

    // Typing a token: fetch the schema again once the text has settled. A renewal changes nothing in the schema.
    React.useEffect(function () {
      if (authorization === schemaAuthorization || renewed.current[authorization]) return undefined;
      var timer = setTimeout(function () { setSchemaAuthorization(authorization); }, 500);
      return function () { clearTimeout(timer); };
    }, [authorization, schemaAuthorization]);

    var fetcher = React.useMemo(function () {
      return function (params, opts) {
        // GraphiQL's first schema request goes out before its Headers editor exists: the page's headers fill in.
        var sent = Object.assign({}, page.headers(), usable((opts && opts.headers) || {}));
        if (params.operationName && params.operationName !== 'IntrospectionQuery' && !namedOperation(params)) {
          params = Object.assign({}, params, { operationName: undefined }); // a stale name from the previous text
        }
        if (isSubscription(params)) return subscribe(params, authorizationOf(sent));
        // Without GraphiQL's documentAST, which may still be the previous text's: the query decides, over HTTP.
        return http(params, { headers: sent });
      };
    }, [schemaAuthorization]);

    function getDemoToken(renewing) {
      setBusy(true);
      return fetch(config.demoTokenUrl, { method: 'POST', headers: { accept: 'application/json' } })
        .then(function (res) {
          return res.json().then(function (body) {
            if (!res.ok) throw new Error(body.error_description || 'HTTP ' + res.status);
            return body;
          });
        })
        .then(function (body) {
          var value = 'Bearer ' + body.access_token;
          var issued = Date.now();
          if (renewing) renewed.current[value] = true;
          setHeaders(withAuthorization(headersRef.current, value));
          setDemo({ token: value, expiresAt: issued + body.expires_in * 1000, renewAt: issued + body.expires_in * 800 });
          if (!renewing) {
            setNotice(null);
            setSchemaAuthorization(value);
          }
        })
        .catch(function (error) {
          setNotice({ kind: 'error', text: 'Could not get a demo token: ' + error.message });
        })
        .then(function () { setBusy(false); });
    }

    // Renew the demo token at 80% of its lifetime, as long as it is the token in the Headers editor.
    React.useEffect(function () {
      if (!demo || demo.token !== authorization) return undefined;
      var timer = setTimeout(function () { getDemoToken(true); }, Math.max(0, demo.renewAt - Date.now()));
      return function () { clearTimeout(timer); };
    }, [demo, authorization]);

    var expiresAt = tokenExpiry(authorization);
    var status, expired = false;
    if (!authorization) {
      status = 'No token: ' + (config.demoTokenUrl ? 'click "Get demo token", or put' : 'put') + ' one in the Headers tab.';
    } else if (!expiresAt) {
      status = 'Token set.';
    } else if (expiresAt <= now) {
      expired = true;
      status = 'Token expired ' + duration((now - expiresAt) / 1000) + ' ago: ' + (config.demoTokenUrl ? 'click "Get demo token".' : 'get a new one (POST /oauth/token).');
    } else if (demo && demo.token === authorization) {
      status = 'Demo token, valid for ' + duration((expiresAt - now) / 1000) + '; renewed automatically in ' + duration((demo.renewAt - now) / 1000) + '.';
    } else {
      status = 'Token valid for ' + duration((expiresAt - now) / 1000) + '.';
    }

    return h('div', { className: 'gw-page' },
      h('header', { className: 'gw-bar' },
        h('strong', null, 'IoT connectivity gateway'),
        h('span', { className: 'gw-tenant' }, 'tenant ' + config.tenant),
        h('span', { className: 'gw-token' + (expired ? ' expired' : ''), role: 'status', 'aria-label': 'Token' }, status),
        config.demoTokenUrl
          ? h('button', { type: 'button', className: 'gw-button', disabled: busy, onClick: function () { getDemoToken(false); } }, 'Get demo token')
          : null),
      notice ? h('div', { className: 'gw-alert', role: 'alert' }, notice.text) : null,
      h('div', { className: 'gw-graphiql' },
        h(GraphiQL, {
          fetcher: fetcher,
          defaultQuery: config.defaultQuery,
          headers: headers,
          onEditHeaders: setHeaders,
          defaultHeaders: headers, // a new tab starts with the current token, not without one
          defaultEditorToolsVisibility: 'headers',
          isHeadersEditorEnabled: true,
          shouldPersistHeaders: true
        })));
  }

  ReactDOM.createRoot(document.getElementById('graphiql')).render(h(App));
})();
`;
