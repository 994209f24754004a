// API keys: looked up by their public id; only a hash of the secret is stored.
CREATE CONSTRAINT api_key_id_unique IF NOT EXISTS
FOR (n:ApiKey) REQUIRE n.id IS UNIQUE;
