-- Included twice by query-explain.sql: once per plan_cache_mode.
\echo '== list_recent' :plan
EXPLAIN (ANALYZE, BUFFERS) EXECUTE list_recent(:'tenant', 51);
\echo '== list_status FAILED' :plan
EXPLAIN (ANALYZE, BUFFERS) EXECUTE list_status(:'tenant', 'FAILED', 51);
\echo '== list_status_set RUNNING,SCHEDULED' :plan
EXPLAIN (ANALYZE, BUFFERS) EXECUTE list_status_set(:'tenant', 'RUNNING', 'SCHEDULED', 51);
\echo '== list_tag billing (38 %)' :plan
EXPLAIN (ANALYZE, BUFFERS) EXECUTE list_tag(:'tenant', 'billing', 51);
\echo '== list_tag priority-high (2 %)' :plan
EXPLAIN (ANALYZE, BUFFERS) EXECUTE list_tag(:'tenant', 'priority-high', 51);
\echo '== list_tag audit (0.05 %)' :plan
EXPLAIN (ANALYZE, BUFFERS) EXECUTE list_tag(:'tenant', 'audit', 51);
\echo '== list_name invoice- (38 %)' :plan
EXPLAIN (ANALYZE, BUFFERS) EXECUTE list_name(:'tenant', 'invoice-%', 51);
\echo '== list_name report-monthly- (0.05 %)' :plan
EXPLAIN (ANALYZE, BUFFERS) EXECUTE list_name(:'tenant', 'report-monthly-%', 51);
\echo '== list_created one day' :plan
EXPLAIN (ANALYZE, BUFFERS) EXECUTE list_created(:'tenant', :'day_from', :'day_to', 51);
\echo '== list_finished one hour' :plan
EXPLAIN (ANALYZE, BUFFERS) EXECUTE list_finished(:'tenant', :'hour_from', :'hour_to', 51);
\echo '== list_due one day ahead (pending calls)' :plan
EXPLAIN (ANALYZE, BUFFERS) EXECUTE list_due(:'tenant', :'next_from', :'next_to', 51);
\echo '== list_due one day in the past' :plan
EXPLAIN (ANALYZE, BUFFERS) EXECUTE list_due(:'tenant', :'day_from', :'day_to', 51);
\echo '== deep_recent' :plan
EXPLAIN (ANALYZE, BUFFERS) EXECUTE deep_recent(:'tenant', :'cur_at', :'cur_at', :'cur_at', :'cur_id', 51);
\echo '== deep_status SUCCEEDED' :plan
EXPLAIN (ANALYZE, BUFFERS) EXECUTE deep_status(:'tenant', 'SUCCEEDED', :'cur_at', :'cur_at', :'cur_at', :'cur_id', 51);
\echo '== deep_tag billing' :plan
EXPLAIN (ANALYZE, BUFFERS) EXECUTE deep_tag(:'tenant', 'billing', :'cur_at', :'cur_at', :'cur_at', :'cur_id', 51);
\echo '== deep_name invoice-' :plan
EXPLAIN (ANALYZE, BUFFERS) EXECUTE deep_name(:'tenant', 'invoice-%', :'cur_at', :'cur_at', :'cur_at', :'cur_id', 51);
