// For each definition whose persona exists: what the import must know of it, and which
// of the definition's fields differ from what the persona holds (null and absent are
// one; a missing is_default is false, missing expertise an empty list). Compared here,
// so an import that changes nothing reads ids and versions, not every prompt.
UNWIND $rows AS row
MATCH (p:Persona {id: row.id})
RETURN row.id AS id, p.kind AS kind, p.is_active AS is_active, p.version AS version,
       [name IN keys(row.props) WHERE NOT (
          CASE name
            WHEN 'is_default' THEN coalesce(p.is_default, false) = row.props.is_default
            WHEN 'expertise' THEN coalesce(p.expertise, []) = coalesce(row.props.expertise, [])
            ELSE coalesce(p[name] = row.props[name], p[name] IS NULL AND row.props[name] IS NULL)
          END)] AS differing
