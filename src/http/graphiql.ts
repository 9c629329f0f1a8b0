/**
 * GraphiQL served from local files only (no CDN): GraphiQL 4's UMD build with React 18 UMD and graphql-ws's UMD
 * client, so queries, mutations and subscriptions all work from a browser on a network with no internet. A browser
 * GET on `/{tenant}/graphql` opens it; the auth header is set in its Headers editor.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import express, { type Router } from 'express';

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

const DEFAULT_QUERY = `# Welcome to the IoT connectivity gateway.
# 1. Get a token:  curl -s -X POST <gateway>/oauth/token -d grant_type=client_credentials -d client_id=… -d client_secret=…
# 2. Put it in the Headers tab below:  { "Authorization": "Bearer <access_token>" }
# 3. Run this query (Ctrl-Enter).
{
  backends {
    platform
    system
    updateMode
    accounts { id name }
  }
}
`;

/** The GraphiQL page for one tenant's endpoint. */
export function graphiqlHtml(tenant: string): string {
  const endpoint = `/${tenant}/graphql`;
  const config = JSON.stringify({ endpoint, defaultQuery: DEFAULT_QUERY }).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>GraphiQL — ${escapeHtml(tenant)} — IoT connectivity gateway</title>
  <link rel="stylesheet" href="${GRAPHIQL_ASSET_PATH}/graphiql.css">
  <style>html, body, #graphiql { height: 100%; margin: 0; }</style>
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
 * The page script. The WebSocket client reads the Authorization header from GraphiQL's Headers editor when it
 * connects, and reconnects when the header changes, so subscriptions use the same token as queries.
 */
export const GRAPHIQL_START_JS = `(function () {
  var config = JSON.parse(document.getElementById('graphiql-config').textContent);
  // The WebSocket client authenticates with the Authorization header last set in GraphiQL's Headers editor; it is
  // read each time the (lazy) connection opens.
  var latestAuthorization = '';
  var wsClient = graphqlWs.createClient({
    url: (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + config.endpoint,
    lazy: true,
    connectionParams: function () { return { Authorization: latestAuthorization }; }
  });
  var http = GraphiQL.createFetcher({ url: config.endpoint });
  // Read from the query text itself: GraphiQL's parsed document can lag behind the editor.
  function isSubscription(params) {
    var text = (params.query || '').replace(/#[^\\n]*/g, '');
    if (params.operationName) {
      var named = new RegExp('\\\\b(query|mutation|subscription)\\\\s+' + params.operationName + '\\\\b').exec(text);
      if (named) return named[1] === 'subscription';
    }
    var first = /(?:^|\\})\\s*(query|mutation|subscription)\\b/.exec(text);
    return !!first && first[1] === 'subscription' && text.trim().charAt(0) !== '{';
  }
  // Subscriptions go over the WebSocket (graphql-ws); queries and mutations over HTTP.
  function fetcher(params, opts) {
    var headers = (opts && opts.headers) || {};
    latestAuthorization = headers.Authorization || headers.authorization || '';
    if (isSubscription(params)) {
      return wsClient.iterate({ query: params.query, variables: params.variables, operationName: params.operationName || undefined });
    }
    return http(params, opts);
  }
  ReactDOM.createRoot(document.getElementById('graphiql')).render(React.createElement(GraphiQL, {
    fetcher: fetcher,
    defaultQuery: config.defaultQuery,
    defaultHeaders: JSON.stringify({ Authorization: 'Bearer <paste access_token here>' }, null, 2),
    isHeadersEditorEnabled: true,
    shouldPersistHeaders: true
  }));
})();
`;
