// How each label looks on the canvas and in the legend. Colours are distinct for the
// labels a newcomer follows (persona → pain point / job → opportunity); the many facet
// labels (goals, skills, ...) share one muted look so they do not compete.

const FACET = { color: "#9ca3af", shape: "round-rectangle", group: "Other facets" };
const RECORD = { color: "#4b5563", shape: "rectangle", group: "Runs and records" };

export const LABELS = {
  Persona: { color: "#2563eb", shape: "ellipse", name: "Persona" },
  PainPoint: { color: "#dc2626", shape: "triangle", name: "Pain point" },
  JTBD: { color: "#16a34a", shape: "round-rectangle", name: "Job to be done" },
  Opportunity: { color: "#d97706", shape: "star", name: "Opportunity" },
  Function: { color: "#0d9488", shape: "hexagon", name: "Function" },
  Role: { color: "#0891b2", shape: "round-tag", name: "Role" },
  Archetype: { color: "#7c3aed", shape: "octagon", name: "Archetype" },
  ServiceLayer: { color: "#db2777", shape: "barrel", name: "Service layer" },
  Outcome: { color: "#65a30d", shape: "rhomboid", name: "Outcome" },
  Goal: { ...FACET, name: "Goal" },
  Challenge: { ...FACET, name: "Challenge" },
  Motivation: { ...FACET, name: "Motivation" },
  Frustration: { ...FACET, name: "Frustration" },
  Responsibility: { ...FACET, name: "Responsibility" },
  Skill: { ...FACET, name: "Skill" },
  Stakeholder: { ...FACET, name: "Stakeholder" },
  Activity: { ...FACET, name: "Activity" },
  ScoringRun: { ...RECORD, name: "Scoring run" },
  AnalysisRun: { ...RECORD, name: "Analysis run" },
  PainCluster: { ...RECORD, color: "#b91c1c", name: "Pain cluster" },
  ArchetypeMigration: { ...RECORD, name: "Archetype override" },
  AuditEvent: { ...RECORD, name: "Audit event" },
  Subject: { ...RECORD, name: "Subject" },
  Assignment: { ...RECORD, name: "Assignment" },
  RoutingRule: { ...RECORD, name: "Routing rule" },
  RoutingRuleSet: { ...RECORD, name: "Routing rules version" },
  RoutingDecision: { ...RECORD, name: "Routing decision" },
  Template: { color: "#0f766e", shape: "tag", name: "Template" },
  PersonaVersion: { ...RECORD, name: "Persona version" },
  MetricBucket: { ...RECORD, name: "Metric bucket" },
  PersonaConfiguration: { ...RECORD, name: "Persona configuration" },
};

export const ARCHETYPE_COLORS = {
  AUTOMATOR: "#16a34a",
  ORCHESTRATOR: "#2563eb",
  LEARNER: "#d97706",
  SKEPTIC: "#6b7280",
};

export function look(label) {
  return LABELS[label] ?? { ...RECORD, name: label };
}

// Relationship types drawn only when asked for (the properties panel offers them):
// a persona has dozens of facets and a scored opportunity one link per scoring run.
export const QUIET_TYPES = new Set([
  "PURSUES",
  "FACES",
  "MOTIVATED_BY",
  "FRUSTRATED_BY",
  "HAS_SKILL",
  "RESPONSIBLE_FOR",
  "WORKS_WITH",
  "SPENDS_TIME",
  "RATES",
  "PREFERS",
  "CONCERNS",
  "FOR_PERSONA",
  "VERSION_OF",
  "MEASURES",
  "CONFIGURES",
  "SCORED",
  "SIMILAR_TO",
  "OF",
  "CREATED_FROM",
  "HAS_ASSIGNMENT",
  "PRIMARY",
  "SECONDARY",
]);

// How big a node is drawn: opportunities by overall score, personas by confidence.
export function nodeSize(label, score) {
  if (label === "Opportunity" && score !== null && score !== undefined) return 16 + 40 * score;
  if (label === "Persona" && score !== null && score !== undefined) return 28 + 16 * score;
  if (label in LABELS && LABELS[label].group) return 20;
  return 32;
}
