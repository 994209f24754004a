# The personagraph service, for docker-compose.yml (Neo4j runs in its own container).
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml setup.py README.md ./
COPY src ./src
COPY cypher ./cypher
COPY seeds ./seeds
# cypher/ is built into the package (setup.py); no PERSONAGRAPH_CYPHER_DIR needed.
RUN pip install --no-cache-dir .
ENV PERSONAGRAPH_PROVISIONER=external
EXPOSE 8000
CMD ["personagraph", "up"]
