// Remove the links a changed Role owns, before its new links are written.
UNWIND $keys AS key
MATCH (source:Role {key: key})-[link:IN_FUNCTION]->()
DELETE link
