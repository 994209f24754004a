// The version of the loaded Graph Data Science plugin.
RETURN gds.version() AS version
