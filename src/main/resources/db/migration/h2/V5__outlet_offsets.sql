-- How far each outlet (e.g. the RabbitMQ publisher) has delivered the event stream: the last
-- tenant_events offset whose messages the broker confirmed. Written only after confirms, so a
-- crash repeats messages (at-least-once) but never skips one.
CREATE TABLE outlet_offsets (
  outlet_name VARCHAR(64) NOT NULL PRIMARY KEY,
  last_offset BIGINT NOT NULL,
  updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);
