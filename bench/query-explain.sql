-- EXPLAIN (ANALYZE, BUFFERS) of the list API's statements on the query scenario's database
-- (bench/run.sh runs it after the node has stopped, into explain.txt; by hand:
--   psql -h 127.0.0.1 -U postgres -d DB -X -v tenant=bench -f bench/query-explain.sql).
-- Each PREPARE is the statement ListSql builds for that filter, parameters typed as the node's
-- JDBC binds them (ListSqlExplainScriptTest keeps the two equal). Every statement is explained
-- twice (query-explain-executes.sql): its first EXECUTE, planned for the values given (a custom
-- plan), and a generic plan (plan_cache_mode = force_generic_plan), which PostgreSQL may switch a
-- pooled connection's prepared statement to after five executions.
\set ON_ERROR_STOP on
\pset pager off
SET plan_cache_mode = auto;
-- A cursor half-way down the tenant's list (as a client paging deep would hold), and time windows.
SELECT created_at AS cur_at, service_call_id AS cur_id FROM service_calls
  WHERE tenant_id = :'tenant' ORDER BY created_at DESC, service_call_id DESC
  OFFSET (SELECT count(*) / 2 FROM service_calls WHERE tenant_id = :'tenant') LIMIT 1 \gset
SELECT date_trunc('day', now() - interval '30 days') AS day_from,
       date_trunc('day', now() - interval '29 days') AS day_to,
       date_trunc('hour', now() - interval '30 days') AS hour_from,
       date_trunc('hour', now() - interval '30 days') + interval '1 hour' AS hour_to,
       date_trunc('day', now() + interval '10 days') AS next_from,
       date_trunc('day', now() + interval '11 days') AS next_to \gset

PREPARE list_recent(varchar, int) AS
  SELECT c.tenant_id, c.service_call_id, c.name, c.status, c.request_json, c.due_at, c.created_at,
  c.started_at, c.finished_at, c.attempts, c.next_due_at, c.response_json, c.error_kind,
  c.error_message, c.tags_json, c.correlation_id, c.idempotency_key FROM service_calls c WHERE
  c.tenant_id = $1 ORDER BY c.created_at DESC, c.service_call_id DESC LIMIT $2;
PREPARE list_status(varchar, varchar, int) AS
  SELECT c.tenant_id, c.service_call_id, c.name, c.status, c.request_json, c.due_at, c.created_at,
  c.started_at, c.finished_at, c.attempts, c.next_due_at, c.response_json, c.error_kind,
  c.error_message, c.tags_json, c.correlation_id, c.idempotency_key FROM service_calls c WHERE
  c.tenant_id = $1 AND c.status IN ($2) ORDER BY c.created_at DESC, c.service_call_id DESC LIMIT
  $3;
PREPARE list_status_set(varchar, varchar, varchar, int) AS
  SELECT c.tenant_id, c.service_call_id, c.name, c.status, c.request_json, c.due_at, c.created_at,
  c.started_at, c.finished_at, c.attempts, c.next_due_at, c.response_json, c.error_kind,
  c.error_message, c.tags_json, c.correlation_id, c.idempotency_key FROM service_calls c WHERE
  c.tenant_id = $1 AND c.status IN ($2,$3) ORDER BY c.created_at DESC, c.service_call_id DESC
  LIMIT $4;
PREPARE list_tag(varchar, varchar, int) AS
  SELECT c.tenant_id, c.service_call_id, c.name, c.status, c.request_json, c.due_at, c.created_at,
  c.started_at, c.finished_at, c.attempts, c.next_due_at, c.response_json, c.error_kind,
  c.error_message, c.tags_json, c.correlation_id, c.idempotency_key FROM service_call_tags k JOIN
  service_calls c ON c.tenant_id = k.tenant_id AND c.service_call_id = k.service_call_id WHERE
  k.tenant_id = $1 AND k.tag = $2 ORDER BY k.created_at DESC, k.service_call_id DESC LIMIT $3;
PREPARE list_name(varchar, varchar, int) AS
  SELECT c.tenant_id, c.service_call_id, c.name, c.status, c.request_json, c.due_at, c.created_at,
  c.started_at, c.finished_at, c.attempts, c.next_due_at, c.response_json, c.error_kind,
  c.error_message, c.tags_json, c.correlation_id, c.idempotency_key FROM service_calls c WHERE
  c.tenant_id = $1 AND c.name LIKE $2 ESCAPE '\' ORDER BY c.created_at DESC, c.service_call_id
  DESC LIMIT $3;
PREPARE list_created(varchar, timestamptz, timestamptz, int) AS
  SELECT c.tenant_id, c.service_call_id, c.name, c.status, c.request_json, c.due_at, c.created_at,
  c.started_at, c.finished_at, c.attempts, c.next_due_at, c.response_json, c.error_kind,
  c.error_message, c.tags_json, c.correlation_id, c.idempotency_key FROM service_calls c WHERE
  c.tenant_id = $1 AND c.created_at >= $2 AND c.created_at < $3 ORDER BY c.created_at DESC,
  c.service_call_id DESC LIMIT $4;
PREPARE list_finished(varchar, timestamptz, timestamptz, int) AS
  SELECT c.tenant_id, c.service_call_id, c.name, c.status, c.request_json, c.due_at, c.created_at,
  c.started_at, c.finished_at, c.attempts, c.next_due_at, c.response_json, c.error_kind,
  c.error_message, c.tags_json, c.correlation_id, c.idempotency_key FROM service_calls c WHERE
  c.tenant_id = $1 AND c.finished_at >= $2 AND c.finished_at < $3 ORDER BY c.created_at DESC,
  c.service_call_id DESC LIMIT $4;
PREPARE list_due(varchar, timestamptz, timestamptz, int) AS
  SELECT c.tenant_id, c.service_call_id, c.name, c.status, c.request_json, c.due_at, c.created_at,
  c.started_at, c.finished_at, c.attempts, c.next_due_at, c.response_json, c.error_kind,
  c.error_message, c.tags_json, c.correlation_id, c.idempotency_key FROM service_calls c WHERE
  c.tenant_id = $1 AND c.due_at >= $2 AND c.due_at < $3 ORDER BY c.created_at DESC,
  c.service_call_id DESC LIMIT $4;
PREPARE deep_recent(varchar, timestamptz, timestamptz, timestamptz, varchar, int) AS
  SELECT c.tenant_id, c.service_call_id, c.name, c.status, c.request_json, c.due_at, c.created_at,
  c.started_at, c.finished_at, c.attempts, c.next_due_at, c.response_json, c.error_kind,
  c.error_message, c.tags_json, c.correlation_id, c.idempotency_key FROM service_calls c WHERE
  c.tenant_id = $1 AND c.created_at <= $2 AND (c.created_at < $3 OR (c.created_at = $4 AND
  c.service_call_id < $5)) ORDER BY c.created_at DESC, c.service_call_id DESC LIMIT $6;
PREPARE deep_status(varchar, varchar, timestamptz, timestamptz, timestamptz, varchar, int) AS
  SELECT c.tenant_id, c.service_call_id, c.name, c.status, c.request_json, c.due_at, c.created_at,
  c.started_at, c.finished_at, c.attempts, c.next_due_at, c.response_json, c.error_kind,
  c.error_message, c.tags_json, c.correlation_id, c.idempotency_key FROM service_calls c WHERE
  c.tenant_id = $1 AND c.status IN ($2) AND c.created_at <= $3 AND (c.created_at < $4 OR
  (c.created_at = $5 AND c.service_call_id < $6)) ORDER BY c.created_at DESC, c.service_call_id
  DESC LIMIT $7;
PREPARE deep_tag(varchar, varchar, timestamptz, timestamptz, timestamptz, varchar, int) AS
  SELECT c.tenant_id, c.service_call_id, c.name, c.status, c.request_json, c.due_at, c.created_at,
  c.started_at, c.finished_at, c.attempts, c.next_due_at, c.response_json, c.error_kind,
  c.error_message, c.tags_json, c.correlation_id, c.idempotency_key FROM service_call_tags k JOIN
  service_calls c ON c.tenant_id = k.tenant_id AND c.service_call_id = k.service_call_id WHERE
  k.tenant_id = $1 AND k.tag = $2 AND k.created_at <= $3 AND (k.created_at < $4 OR (k.created_at =
  $5 AND k.service_call_id < $6)) ORDER BY k.created_at DESC, k.service_call_id DESC LIMIT $7;
PREPARE deep_name(varchar, varchar, timestamptz, timestamptz, timestamptz, varchar, int) AS
  SELECT c.tenant_id, c.service_call_id, c.name, c.status, c.request_json, c.due_at, c.created_at,
  c.started_at, c.finished_at, c.attempts, c.next_due_at, c.response_json, c.error_kind,
  c.error_message, c.tags_json, c.correlation_id, c.idempotency_key FROM service_calls c WHERE
  c.tenant_id = $1 AND c.name LIKE $2 ESCAPE '\' AND c.created_at <= $3 AND (c.created_at < $4 OR
  (c.created_at = $5 AND c.service_call_id < $6)) ORDER BY c.created_at DESC, c.service_call_id
  DESC LIMIT $7;

SET plan_cache_mode = auto;
\set plan '(custom plan)'
\ir query-explain-executes.sql
SET plan_cache_mode = force_generic_plan;
\set plan '(generic plan)'
\ir query-explain-executes.sql
