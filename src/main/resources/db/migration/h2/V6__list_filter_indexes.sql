-- List filters on finished time and name prefix, and the summary's lateness window (calls whose
-- first attempt started recently).
CREATE INDEX service_calls_tenant_finished_idx ON service_calls (tenant_id, finished_at);
CREATE INDEX service_calls_tenant_started_idx ON service_calls (tenant_id, started_at);

CREATE INDEX service_calls_tenant_name_idx ON service_calls (tenant_id, name);
