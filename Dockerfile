# Trooper in a container: the proxy only (run the local model next to it, see docker-compose.yml).
#
#   docker build -t trooper .
#   docker run --rm -p 3000:3000 -e CLAUDE_API_KEY=sk-ant-... -e TROOPER_AUTH_TOKEN=change-me \
#       -e FALLBACK_URL=http://host.docker.internal:11434/api/chat trooper
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY pyproject.toml README.md ./
COPY src ./src
RUN pip install . && rm -rf /app/src

# A non-root user; sessions live in /data (mount a volume there to keep them across restarts).
RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin trooper \
    && mkdir -p /data && chown trooper:trooper /data
USER trooper
WORKDIR /home/trooper

# Inside a container Trooper must listen on every interface to be reachable at all. Trooper
# refuses to start on a non-loopback address without protection: set TROOPER_AUTH_TOKEN (clients
# then send "Authorization: Bearer <token>"), or TROOPER_ALLOW_OPEN=true if the port is reachable
# only from a network you trust.
ENV TROOPER_BIND=0.0.0.0 \
    TROOPER_PORT=3000 \
    TROOPER_STORE=/data/sessions.db
VOLUME ["/data"]
EXPOSE 3000

# /health is the one route that needs no token.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen(f\"http://127.0.0.1:{os.environ.get('TROOPER_PORT', '3000')}/health\", timeout=4)"]

CMD ["trooper", "serve"]
