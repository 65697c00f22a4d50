-- The service-call read model, written by the projection and read by the list API and the due
-- scanner. Unquoted identifiers (H2 folds them to upper case; our SQL is unquoted everywhere).
-- JSON columns are CHARACTER LARGE OBJECT, H2's unbounded text (PostgreSQL: TEXT); setString and
-- getString work on them.

CREATE TABLE service_calls (
  tenant_id VARCHAR(64) NOT NULL,
  service_call_id VARCHAR(128) NOT NULL,
  name VARCHAR(200),
  -- SCHEDULED, RUNNING, SUCCEEDED, FAILED, CANCELLED
  status VARCHAR(16) NOT NULL,
  method VARCHAR(10) NOT NULL,
  url VARCHAR(2048) NOT NULL,
  -- Redacted view of the request.
  request_json CHARACTER LARGE OBJECT NOT NULL,
  due_at TIMESTAMP WITH TIME ZONE NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  started_at TIMESTAMP WITH TIME ZONE,
  finished_at TIMESTAMP WITH TIME ZONE,
  attempts INT NOT NULL,
  -- Due index: SCHEDULED => time of the next attempt; RUNNING => attempt deadline; NULL when
  -- terminal.
  next_due_at TIMESTAMP WITH TIME ZONE,
  response_json CHARACTER LARGE OBJECT,
  error_kind VARCHAR(32),
  error_message VARCHAR(2000),
  tags_json CHARACTER LARGE OBJECT NOT NULL,
  correlation_id VARCHAR(200),
  idempotency_key VARCHAR(255),
  last_seq_nr BIGINT NOT NULL,
  updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (tenant_id, service_call_id)
);

-- A tenant's list, newest first, keyset-paginated.
CREATE INDEX service_calls_tenant_created_idx
  ON service_calls (tenant_id, created_at DESC, service_call_id DESC);

-- A tenant's list filtered by status.
CREATE INDEX service_calls_tenant_status_created_idx
  ON service_calls (tenant_id, status, created_at DESC, service_call_id DESC);

-- The due scanner. H2 has no partial indexes; terminal rows carry NULL next_due_at.
CREATE INDEX service_calls_due_idx ON service_calls (status, next_due_at);

CREATE TABLE service_call_tags (
  tenant_id VARCHAR(64) NOT NULL,
  service_call_id VARCHAR(128) NOT NULL,
  tag VARCHAR(64) NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (tenant_id, tag, service_call_id)
);

-- A tenant's list filtered by tag, newest first.
CREATE INDEX service_call_tags_tenant_tag_created_idx
  ON service_call_tags (tenant_id, tag, created_at DESC, service_call_id DESC);
