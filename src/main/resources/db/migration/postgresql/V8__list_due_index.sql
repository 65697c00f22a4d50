-- List filter on due time (dueFrom/dueTo). Without it a window of one day walked the tenant's list
-- newest first and filtered every row on the way: 1.4 s over 1,000,000 calls (docs/performance.md,
-- "Query over 1,000,000 rows"). Built without CONCURRENTLY (the migration runs in a transaction):
-- on a large service_calls table it blocks writes to it while it builds, and may need a larger
-- DATABASE_SOCKET_TIMEOUT (application.conf).
CREATE INDEX service_calls_tenant_due_idx ON service_calls (tenant_id, due_at);
