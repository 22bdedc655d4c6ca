# syntax=docker/dockerfile:1
# Discovery's one image: `discovery api` (default) and `discovery worker` (the same image, another
# command). The TypeScript sources run through tsx (no compile step); the workflow bundle is built here,
# once, so a worker starts without webpack (worker/bundle.ts). docker-compose.yml and deploy/ use it.

# --- production dependencies only (npm ci --omit=dev) -------------------------------------------
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# --- the workflow bundle, by the script `npm run bundle` runs ------------------------------------
FROM deps AS bundle
COPY . .
RUN node --import tsx scripts/build-workflow-bundle.ts dist/workflow-bundle.js
# The `discovery` command compiled to JavaScript (scripts/build-cli.ts): no TypeScript loader at run time.
RUN node --import tsx scripts/build-cli.ts dist

# --- runtime ---------------------------------------------------------------------------------------
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    DISCOVERY_WORKFLOW_BUNDLE=dist/workflow-bundle.js \
    DISCOVERY_CLI_BUILD=dist/discovery-cli.js \
    DISCOVERY_API_HOST=0.0.0.0 \
    MAESTRO_PORT=5000 \
    DISCOVERY_WORKER_METRICS_PORT=9464
WORKDIR /app
COPY --from=deps --chown=root:root /app/node_modules ./node_modules
COPY --chown=root:root . .
COPY --from=bundle --chown=root:root /app/dist/workflow-bundle.js ./dist/workflow-bundle.js
COPY --from=bundle --chown=root:root /app/dist/discovery-cli.js /app/dist/*.js.map /app/dist/*-*.js ./dist/
# The bundle must not look older than the sources copied beside it (the worker checks).
RUN touch dist/workflow-bundle.js
# Code owned by root and read-only to the process; it runs as the image's unprivileged `node` user.
USER node
EXPOSE 5000 9464
ENTRYPOINT ["node", "bin/discovery.js"]
CMD ["api"]
