// Active assistant personas as a definitions file holds them, in id order: only the
// fields a definition has (the file's field -> property mapping is model/definitions.py).
MATCH (p:Persona {kind: 'assistant'})
WHERE coalesce(p.is_active, true)
RETURN p.id AS id,
       p {.name, .title, .system_prompt, .context, .expertise, .response_format, .description,
          .icon, .category, .specialty, .tags, .settings, .is_default} AS props
ORDER BY id
