# modelbake's own image: Node's slim base plus the self-contained CLI bundle (npm run build).
# `modelbake k8s-job` runs it as a Kubernetes Job; it also runs on its own:
#   docker run --rm -v hf:/cache/huggingface -e HF_HUB_CACHE=/cache/huggingface/hub IMAGE org/name
#
# No RUN step: the image builds without executing anything in the base, so any platform of the base
# builds on any machine (no emulation), and a build works with any base that has `node` on its PATH
# (tests pass a local one: --build-arg NODE_IMAGE=...).
ARG NODE_IMAGE=docker.io/library/node:24-bookworm-slim
FROM ${NODE_IMAGE}

ARG VERSION=dev
LABEL org.opencontainers.image.title="modelbake" \
      org.opencontainers.image.description="Pre-fetch Hugging Face Hub repos into a verified, offline-ready HF cache" \
      org.opencontainers.image.licenses="MIT" \
      org.opencontainers.image.version="${VERSION}"

# .mjs: the bundle is ESM, and no package.json beside it says so.
COPY dist/cli.js /opt/modelbake/modelbake.mjs

# Numeric, so that Kubernetes can check runAsNonRoot (uid 1000 is `node` in Node's images).
USER 1000:1000
ENV NODE_ENV=production
ENTRYPOINT ["node", "/opt/modelbake/modelbake.mjs"]
CMD ["--help"]
