// The events outbox (issue 25): one Event per change users care about, written in the
// transaction of the change, numbered by the one EventSequence node; webhooks and their
// delivery log. Subscribers read events after a sequence number; pruning reads by age.

CREATE CONSTRAINT event_seq_unique IF NOT EXISTS
FOR (n:Event) REQUIRE n.seq IS UNIQUE;

CREATE CONSTRAINT event_sequence_id_unique IF NOT EXISTS
FOR (n:EventSequence) REQUIRE n.id IS UNIQUE;

CREATE CONSTRAINT webhook_id_unique IF NOT EXISTS
FOR (n:Webhook) REQUIRE n.id IS UNIQUE;

CREATE CONSTRAINT webhook_delivery_id_unique IF NOT EXISTS
FOR (n:WebhookDelivery) REQUIRE n.id IS UNIQUE;

CREATE INDEX event_occurred_at IF NOT EXISTS FOR (n:Event) ON (n.occurred_at);

CREATE INDEX webhook_delivery_webhook_at IF NOT EXISTS
FOR (n:WebhookDelivery) ON (n.webhook_id, n.attempted_at);
