# One image for Certdesk's services (api, notifier); docker-compose.yml picks the entry point.
# Node.js 22 LTS: what Certdesk runs on in production (a runtime dependency, file-type, needs Node >= 22).
# Nothing in the tests needs Docker: npm start and npm test run on the host.
FROM node:22-bookworm-slim AS build
WORKDIR /app
# Native addons (argon2, pkcs11js, msgpackr-extract) build with these when no prebuilt binary fits.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY . .
# npm install, not ci: see scripts/lib/dependencies.mjs.
RUN npm install --no-audit --no-fund && NX_DAEMON=false NX_NO_CLOUD=true npx nx run-many -t build \
  && npm prune --omit=dev

FROM node:22-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app /app
USER node
EXPOSE 3000
CMD ["node", "apps/api/dist/main.js"]
