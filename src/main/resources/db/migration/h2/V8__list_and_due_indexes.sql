-- List filter on due time (dueFrom/dueTo); see the PostgreSQL migration of the same version. (Its
-- covering due index has no H2 form: H2 has neither INCLUDE nor partial indexes.)
CREATE INDEX service_calls_tenant_due_idx ON service_calls (tenant_id, due_at);
