// Remove the links a changed Opportunity owns, before its new links are written.
UNWIND $keys AS key
MATCH (source:Opportunity {key: key})-[link:ADDRESSES|SUPPORTS|DELIVERED_VIA]->()
DELETE link
