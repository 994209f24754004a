// The one place that talks to the service: POST /graphql, errors turned into sentences.
//
// The explorer and the persona manager share it. The manager's sign-in keeps an API key
// for the tab (sessionStorage, gone when the tab closes); when one is kept, every request
// sends it as `Authorization: Bearer <key>`.

export class ExplorerError extends Error {
  constructor(message, code, extensions = {}) {
    super(message);
    this.code = code;
    this.extensions = extensions;
  }
}

const KEY_ITEM = "personagraph.apiKey";
// Relative to this module, so a page in a folder (/manage/) reaches the same endpoint.
const ENDPOINT = new URL("../graphql", import.meta.url).href;

const HELP = {
  UNAUTHENTICATED:
    "This service needs an API key for reads. Sign in with one on the persona manager " +
    "(/manage), or start the service with `personagraph up` (anonymous reads on).",
  UNAVAILABLE: "The service cannot reach its Neo4j database. Check `personagraph neo4j status`.",
  TIMEOUT: "The database stopped the query at its time limit. Try a smaller view.",
};

export function apiKey() {
  return sessionStorage.getItem(KEY_ITEM);
}

export function setApiKey(key) {
  if (key) sessionStorage.setItem(KEY_ITEM, key);
  else sessionStorage.removeItem(KEY_ITEM);
}

function headers(extra = {}) {
  const key = apiKey();
  return {
    Accept: "application/json",
    ...extra,
    ...(key ? { Authorization: `Bearer ${key}` } : {}),
  };
}

export async function graphql(query, variables = {}) {
  return answer(() =>
    fetch(ENDPOINT, {
      method: "POST",
      headers: headers({ "Content-Type": "application/json" }),
      body: JSON.stringify({ query, variables }),
    }),
  );
}

// A mutation with one file (the GraphQL multipart request spec): `fileVariable` names the
// variable that holds the file. `onProgress(sent, total)` follows the upload.
export function upload(query, variables, fileVariable, file, onProgress = () => {}) {
  const form = new FormData();
  form.append(
    "operations",
    JSON.stringify({ query, variables: { ...variables, [fileVariable]: null } }),
  );
  form.append("map", JSON.stringify({ 0: [`variables.${fileVariable}`] }));
  form.append("0", file, file.name);
  // XMLHttpRequest, not fetch: only it reports the progress of what is sent.
  return answer(
    () =>
      new Promise((resolve, reject) => {
        const request = new XMLHttpRequest();
        request.open("POST", ENDPOINT);
        for (const [name, value] of Object.entries(headers()))
          request.setRequestHeader(name, value);
        request.upload.addEventListener("progress", (event) =>
          onProgress(event.loaded, event.lengthComputable ? event.total : file.size),
        );
        request.addEventListener("load", () =>
          resolve(
            new Response(request.responseText, {
              status: request.status,
              statusText: request.statusText,
            }),
          ),
        );
        request.addEventListener("error", () => reject(new TypeError("network")));
        request.send(form);
      }),
  );
}

async function answer(send) {
  let response;
  try {
    response = await send();
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
    throw new ExplorerError(`${error.message}${help}`, code, error.extensions ?? {});
  }
  return body.data;
}
