"""Events out: the outbox in the graph, its readers (subscriptions, webhooks)."""
