// Whether any webhook is enabled (the dispatcher claims nothing, writes nothing, otherwise).
RETURN EXISTS { MATCH (w:Webhook) WHERE w.enabled } AS enabled
