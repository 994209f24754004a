// Remove the links a changed JTBD owns, before its new links are written.
UNWIND $keys AS key
MATCH (source:JTBD {key: key})-[link:HAS_OUTCOME]->()
DELETE link
