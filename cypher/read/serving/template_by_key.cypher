// A template's own properties, as the serving cache keeps them (retired ones included,
// as template(key:) answers them); no row when there is no such template.
MATCH (t:Template {key: $key})
RETURN properties(t) AS props
