# log-gardener for Cloud Run Jobs (docs/cloud-run-job.md). The steps are the README's install:
# pack the package (prepack builds dist/), then install the tarball with production dependencies.
FROM node:20-slim AS pack
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm pack --pack-destination /tmp

FROM node:20-slim
ENV NODE_ENV=production
COPY --from=pack /tmp/log-gardener-*.tgz /tmp/
RUN npm install --global --omit=dev --no-audit --no-fund /tmp/log-gardener-*.tgz \
 && rm /tmp/log-gardener-*.tgz \
 && npm cache clean --force
# The image's own non-root user; the job writes its worklog and state under /work.
WORKDIR /work
RUN chown node:node /work
USER node
ENTRYPOINT ["log-gardener"]
CMD ["--help"]
