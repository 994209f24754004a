// Remove the links a changed Template owns, before its new links are written.
UNWIND $keys AS key
MATCH (source:Template {key: key})-[link:FOR_ROLE]->()
DELETE link
