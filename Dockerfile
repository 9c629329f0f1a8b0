# syntax=docker/dockerfile:1
#
# The gateway's production image: TypeScript compiled in a build stage, then a slim final stage holding only the
# compiled JavaScript and the production dependencies (no tsx, no TypeScript), run as the unprivileged `node` user.
#
#   docker build -t iot-connectivity-gateway .
#   docker run -p 4000:4000 -e DATABASE_URL=… -e SECRETS_KEY=… iot-connectivity-gateway   (see docs/operations.md)
#
# The same image runs the sandbox as its own service: `node dist/sandbox/main.js` (compose.yaml does).
# test/deploy/manifests.test.ts lints this file; keep its stages and rules in step with that test.

ARG NODE_IMAGE=node:20-bookworm-slim

# --- build: all dependencies exactly as locked, then `npm run build` (tsc) into dist/ ----------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY sandbox ./sandbox
COPY scripts/start.ts ./scripts/start.ts
RUN npm run build

# --- deps: production dependencies only, as locked ------------------------------------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# --- runtime --------------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# DATA_DIR holds the PGlite files (when no DATABASE_URL is set) and the generated SECRETS_KEY file: owned by `node`.
RUN mkdir -p /data && chown node:node /data
# The base image's `node` user (uid 1000), numeric so that Kubernetes' runAsNonRoot can check it.
USER 1000:1000
EXPOSE 4000
# Ready = store reachable and migrated (/readyz); the slim image has no curl, node's fetch does the probe.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# dist/scripts/start.js: the gateway, plus the in-process sandbox only when SANDBOX=embedded is set explicitly.
CMD ["node", "--enable-source-maps", "dist/scripts/start.js"]
