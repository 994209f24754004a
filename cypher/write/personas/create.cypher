// A persona made from scratch (the id's uniqueness constraint refuses a taken id).
CREATE (p:Persona)
SET p = $props, p.id = $id, p.version = 1, p.origin = $origin, p.is_active = true,
    p.is_default = coalesce($props.is_default, false),
    p.created_at = datetime(), p.updated_at = datetime()
RETURN p.id AS id
