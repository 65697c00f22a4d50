-- A tenant's lifecycle events for external consumers (GET …/tenants/{t}/events and its SSE form),
-- written by the read-model projection in the same transaction as the read model.
--
-- event_offset is allocated from event_stream_head inside that transaction: the row lock taken by
-- the UPDATE serializes the writers, so offsets become visible in increasing order and a reader that
-- has seen offset N can never later find a smaller one committed (the gap problem of sequence
-- columns, RELIABILITY K12). Offsets are stable and increasing, not contiguous.
CREATE TABLE tenant_events (
  event_offset BIGINT NOT NULL PRIMARY KEY,
  tenant_id VARCHAR(64) NOT NULL,
  service_call_id VARCHAR(128) NOT NULL,
  seq_nr BIGINT NOT NULL,
  event_type VARCHAR(40) NOT NULL,
  occurred_at TIMESTAMP WITH TIME ZONE NOT NULL,
  projected_at TIMESTAMP WITH TIME ZONE NOT NULL,
  data_json CHARACTER LARGE OBJECT NOT NULL,
  -- A replayed journal event (offset reset) is not appended twice.
  CONSTRAINT tenant_events_event_uq UNIQUE (tenant_id, service_call_id, seq_nr)
);

CREATE INDEX tenant_events_tenant_offset_idx ON tenant_events (tenant_id, event_offset);

CREATE TABLE event_stream_head (
  id INT NOT NULL PRIMARY KEY,
  last_offset BIGINT NOT NULL
);

INSERT INTO event_stream_head (id, last_offset) VALUES (1, 0);
