# The personagraph service, for docker-compose.yml (Neo4j runs in its own container).
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY src ./src
COPY cypher ./cypher
COPY seeds ./seeds
RUN pip install --no-cache-dir .
ENV PERSONAGRAPH_CYPHER_DIR=/app/cypher \
    PERSONAGRAPH_PROVISIONER=external
EXPOSE 8000
CMD ["personagraph", "up"]
