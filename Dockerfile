# The judge service. It starts sandboxes through the host's Docker engine, so it
# runs with the host's socket mounted:
#   docker run -v /var/run/docker.sock:/var/run/docker.sock -v /sys/fs/cgroup:/host/cgroup:ro \
#       -p 127.0.0.1:8000:8000 pyjudge-service
# The cgroup tree is how the host reads each sandbox's CPU time and memory; without
# it the engine's one-shot stats stand in (an API call per reading, no per-test peak).
# Whoever controls this container controls the host's Docker engine, which is root
# on the host: expose it only behind API keys (`judge keys create`), never openly.
#
# Built by scripts/service-image: packages come from a wheelhouse built on the
# host (build/wheelhouse), never downloaded during the build, and BASE_IMAGE may
# be a locally bootstrapped Debian image where no registry is reachable. Every
# wheel there is installed: the project, its dependencies and PostgreSQL's driver.
# deploy/compose.yaml runs this image as the API (`judge serve --workers 0`) and as
# workers (`judge worker`) against PostgreSQL; docs/deploy.md has the details.
ARG BASE_IMAGE=python:3.11-slim
FROM ${BASE_IMAGE}

COPY build/wheelhouse /wheels
RUN python3 -m venv /opt/pyjudge \
    && /opt/pyjudge/bin/pip install --no-index --find-links /wheels --no-cache-dir /wheels/*.whl \
    && rm -rf /wheels
COPY problems /app/problems

ENV PATH=/opt/pyjudge/bin:$PATH \
    JUDGE_PROBLEMS_DIR=/app/problems \
    JUDGE_DATABASE_URL=sqlite:////data/judge.db \
    JUDGE_HOST=0.0.0.0 \
    JUDGE_CGROUP_ROOT=/host/cgroup \
    PYTHONUNBUFFERED=1
VOLUME /data
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s CMD python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health')"
CMD ["judge", "serve"]
