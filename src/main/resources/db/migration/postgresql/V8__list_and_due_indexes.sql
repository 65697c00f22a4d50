-- Found by the query benchmark over 1,000,000 calls (docs/performance.md, "Query over 1,000,000
-- rows"). Built without CONCURRENTLY (the migration runs in a transaction): on a large
-- service_calls table this blocks writes to it while the indexes build, and may need a larger
-- DATABASE_SOCKET_TIMEOUT (application.conf).

-- List filter on due time (dueFrom/dueTo). Without it a window of one day walked the tenant's list
-- newest first and filtered every row on the way (1.4 s).
CREATE INDEX service_calls_tenant_due_idx ON service_calls (tenant_id, due_at);

-- The due index now carries tenant_id and service_call_id, so the two queries that read every
-- pending call answer from the index alone instead of one heap page per call: the pending-quota
-- refresh (a GROUP BY tenant_id over all SCHEDULED and RUNNING calls, every second; 650 ms with
-- 80,000 pending calls, 57 ms covered) and the due scanner. Same name, still partial.
DROP INDEX service_calls_due_idx;
CREATE INDEX service_calls_due_idx ON service_calls (status, next_due_at)
  INCLUDE (tenant_id, service_call_id) WHERE next_due_at IS NOT NULL;
