-- A tenant's event subscription (PUT /api/v1/tenants/{t}/event-subscription): where its lifecycle
-- events are POSTed, one delivery call per event. One per tenant.
CREATE TABLE event_subscriptions (
  tenant_id VARCHAR(64) NOT NULL PRIMARY KEY,
  url VARCHAR(2048) NOT NULL,
  -- JSON array of event type names; [] means every type.
  event_types_json VARCHAR(1000) NOT NULL,
  -- JSON object of extra request headers. Sensitive values are sealed (enc:v1:…, AES-GCM bound to
  -- the tenant and the pseudo call id "event-subscription") exactly as in the journal, and sealed
  -- again for each delivery call.
  headers_json CHARACTER LARGE OBJECT NOT NULL,
  -- Deliveries cover events after this tenant_events offset: the stream's head when the
  -- subscription was created (a replacement keeps it), so no earlier history is sent.
  after_offset BIGINT NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);
