-- List filter on due time (dueFrom/dueTo); see the PostgreSQL migration of the same version.
CREATE INDEX service_calls_tenant_due_idx ON service_calls (tenant_id, due_at);
