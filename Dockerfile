# One image for both Node services of the integration: the Temporal worker and the webhook receiver.
# The compose file picks the entry point; each runs compiled JavaScript from dist/ (`npm run build`, with
# esbuild and the SDK's workflow bundler, both production dependencies).
FROM node:20-slim

ENV NODE_ENV=production
WORKDIR /app

# Dependencies first: this layer is rebuilt only when the lock file changes.
# @temporalio/core-bridge ships prebuilt glibc binaries, which node:20-slim (Debian) can load.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

COPY --chown=node:node . .
RUN npm run build

# The configuration is mounted here at run time (docker-compose.yml); secrets come from the environment.
ENV B24ONEC_CONFIG=/app/config/integration.json
USER node

# Overridden per service in docker-compose.yml (receiver: node dist/receiver.js).
# --max-semi-space-size=1: a small young generation; the worker holds about 50 MB less (README, "Benchmark").
CMD ["node", "--max-semi-space-size=1", "dist/worker.js"]
