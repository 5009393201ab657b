# The runner image where a container registry is reachable. Without one, use
# `judge image build` (the default), which bootstraps the same contents from Debian.
FROM python:3.11-slim
RUN pip install --no-cache-dir numpy && rm -rf /root/.cache
USER 65534:65534
