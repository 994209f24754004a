// How the manager writes times and values.

const ISO_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/;

// "2026-12-03T14:05:00+00:00" → "2026-12-03 14:05 UTC"; null stays null.
export function when(value) {
  if (!value) return null;
  const found = ISO_TIME.exec(new Date(value).toISOString());
  return found ? `${found[1]} ${found[2]} UTC` : String(value);
}

// A changed value as text: lists joined, objects as JSON, long text shortened.
export function shown(value, length = 160) {
  if (value === null || value === undefined) return "—";
  const text =
    typeof value === "string"
      ? value
      : Array.isArray(value)
        ? value.join(", ")
        : JSON.stringify(value);
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}
