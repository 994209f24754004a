// The one place that talks to the service: POST /graphql, errors turned into sentences.

export class ExplorerError extends Error {
  constructor(message, code) {
    super(message);
    this.code = code;
  }
}

const HELP = {
  UNAUTHENTICATED:
    "This service needs an API key for reads. Start it with `personagraph up` (anonymous " +
    "reads on) or set PERSONAGRAPH_ANONYMOUS_READS=true.",
  UNAVAILABLE: "The service cannot reach its Neo4j database. Check `personagraph neo4j status`.",
  TIMEOUT: "The database stopped the query at its time limit. Try a smaller view.",
};

export async function graphql(query, variables = {}) {
  let response;
  try {
    response = await fetch("graphql", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ query, variables }),
    });
  } catch (_networkFailure) {
    throw new ExplorerError(
      "The personagraph service did not answer. Is it still running? " +
        "Start it with `scripts/run`, then reload this page.",
      "NETWORK",
    );
  }
  let body;
  try {
    body = await response.json();
  } catch (_notJson) {
    throw new ExplorerError(
      `The service answered ${response.status} ${response.statusText} without GraphQL data.`,
      "HTTP",
    );
  }
  if (body.errors && body.errors.length) {
    const error = body.errors[0];
    const code = error.extensions?.code ?? "ERROR";
    const help = HELP[code] ? ` ${HELP[code]}` : "";
    throw new ExplorerError(`${error.message}${help}`, code);
  }
  return body.data;
}
