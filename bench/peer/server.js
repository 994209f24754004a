// The peer of bench/compare_peer.py: the Neo4j GraphQL Library (v7) serving the
// benchmarked part of personagraph's graph from the same database, under
// graphql-yoga on Node's http server.
//
//   NEO4J_URI=bolt://… NEO4J_USER=neo4j NEO4J_PASSWORD=… PORT=4000 WORKERS=1 node server.js
//
// Field names are personagraph's (camelCase over the snake_case properties, via
// @alias), so both services answer the same document with the same keys. WORKERS > 1
// forks that many workers with node:cluster; they share the port.
import cluster from "node:cluster";
import { createServer } from "node:http";

import { Neo4jGraphQL } from "@neo4j/graphql";
import { createYoga } from "graphql-yoga";
import neo4j from "neo4j-driver";

const typeDefs = /* GraphQL */ `
  type Function @node {
    key: String!
    name: String
    description: String
    roles: [Role!]! @relationship(type: "IN_FUNCTION", direction: IN)
  }

  type Role @node {
    key: String!
    title: String
    seniorityLevel: String @alias(property: "seniority_level")
    function: [Function!]! @relationship(type: "IN_FUNCTION", direction: OUT)
    personas: [Persona!]! @relationship(type: "HAS_ROLE", direction: IN)
  }

  type Persona @node {
    id: String!
    kind: String
    name: String
    title: String
    tagline: String
    archetype: String
    inferredArchetype: String @alias(property: "inferred_archetype")
    archetypeConfidence: Float @alias(property: "archetype_confidence")
    seniorityLevel: String @alias(property: "seniority_level")
    yearsOfExperience: Int @alias(property: "years_of_experience")
    teamSize: Int @alias(property: "team_size")
    isActive: Boolean @alias(property: "is_active")
    role: [Role!]! @relationship(type: "HAS_ROLE", direction: OUT)
    painPoints: [PainPoint!]!
      @relationship(type: "EXPERIENCES", direction: OUT, properties: "Experiences")
    jtbds: [JTBD!]! @relationship(type: "PERFORMS", direction: OUT, properties: "Performs")
  }

  type Experiences @relationshipProperties {
    severity: Int
    frequency: String
  }

  type Performs @relationshipProperties {
    importance: Int
    frequency: String
  }

  type PainPoint @node {
    key: String!
    text: String
    category: String
    personas: [Persona!]!
      @relationship(type: "EXPERIENCES", direction: IN, properties: "Experiences")
    opportunities: [Opportunity!]!
      @relationship(type: "ADDRESSES", direction: IN, properties: "Addresses")
  }

  type Addresses @relationshipProperties {
    strength: Float
  }

  type Opportunity @node {
    key: String!
    name: String
    description: String
    feasibility: Float
    status: String
    painPoints: [PainPoint!]!
      @relationship(type: "ADDRESSES", direction: OUT, properties: "Addresses")
    jtbds: [JTBD!]! @relationship(type: "SUPPORTS", direction: OUT)
  }

  type JTBD @node {
    key: String!
    statement: String
    category: String
    outcomes: [Outcome!]! @relationship(type: "HAS_OUTCOME", direction: OUT)
  }

  type Outcome @node {
    key: String!
    statement: String
  }
`;

const workers = Number(process.env.WORKERS ?? "1");

if (cluster.isPrimary && workers > 1) {
  for (let i = 0; i < workers; i += 1) cluster.fork();
  cluster.on("exit", (worker, code) => {
    console.error(`worker ${worker.process.pid} exited with ${code}`);
    process.exit(1);
  });
} else {
  await serve();
}

async function serve() {
  const driver = neo4j.driver(
    process.env.NEO4J_URI,
    neo4j.auth.basic(process.env.NEO4J_USER ?? "neo4j", process.env.NEO4J_PASSWORD ?? ""),
  );
  const schema = await new Neo4jGraphQL({ typeDefs, driver }).getSchema();
  // yoga's parser and validation caches are on by default, as personagraph caches
  // validation per document.
  const yoga = createYoga({ schema, graphiql: false, logging: "warn", maskedErrors: false });
  const port = Number(process.env.PORT ?? "4000");
  createServer(yoga).listen(port, "127.0.0.1", () => {
    console.log(`peer listening on http://127.0.0.1:${port}/graphql (pid ${process.pid})`);
  });
}
