package dev.orchestrator.bench;

/**
 * The set-based SQL that seeds the query scenario's database (PostgreSQL), in the shapes the
 * projection writes (ReadModelWriter): see {@link QuerySeed} for the order of the steps and
 * bench/README.md "Query" for the resulting mix.
 */
final class QuerySeedSql {
  private QuerySeedSql() {}

  /**
   * {@code :total} calls (replaced before use; {@code ?} is the measured tenant): of every 27, 20
   * are the measured tenant's and 4, 2 and 1 are acme's, globex's and initech's, interleaved in
   * time as real traffic is, so the table's physical order is creation order across tenants.
   * Creation times spread evenly over the 90 days before now (minus 10 minutes), jittered within
   * each slot; 20 of every 1,000 calls share one instant (a burst: ties the cursor must break on
   * the id). Each step is MATERIALIZED because an inlined CTE re-evaluates every md5() and CASE at
   * each reference (8x slower).
   */
  static final String CALLS =
      """
      INSERT INTO service_calls (tenant_id, service_call_id, name, status, method, url, request_json,
        due_at, created_at, started_at, finished_at, attempts, next_due_at, response_json,
        error_kind, error_message, tags_json, correlation_id, idempotency_key, last_seq_nr,
        updated_at)
      WITH g AS MATERIALIZED (
        SELECT CASE WHEN k % 27 < 20 THEN CAST(? AS VARCHAR) WHEN k % 27 < 24 THEN 'acme'
                    WHEN k % 27 < 26 THEN 'globex' ELSE 'initech' END AS tenant,
               k, md5(k || ':r') AS r, md5(k || ':s') AS r2,
               now() - interval '90 days' AS t0,
               (interval '90 days' - interval '10 minutes') / :total AS slot
        FROM generate_series(0, :total - 1) AS k
      ), u AS MATERIALIZED (
        SELECT g.*,
          ('x' || substr(r, 1, 8))::bit(32)::bigint / 4294967296.0 AS u_name,
          ('x' || substr(r, 9, 8))::bit(32)::bigint / 4294967296.0 AS u_status,
          ('x' || substr(r, 17, 8))::bit(32)::bigint / 4294967296.0 AS u_delay,
          ('x' || substr(r, 25, 8))::bit(32)::bigint / 4294967296.0 AS u_region,
          ('x' || substr(r2, 1, 8))::bit(32)::bigint / 4294967296.0 AS u_jitter,
          ('x' || substr(r2, 9, 8))::bit(32)::bigint / 4294967296.0 AS u_customer,
          ('x' || substr(r2, 17, 8))::bit(32)::bigint / 4294967296.0 AS u_flags,
          ('x' || substr(r2, 25, 8))::bit(32)::bigint / 4294967296.0 AS u_run,
          date_trunc('milliseconds', CASE WHEN k % 1000 < 20 THEN t0 + (k - k % 1000) * slot
            ELSE t0 + (k + ('x' || substr(r2, 1, 8))::bit(32)::bigint / 4294967296.0) * slot
            END) AS created
        FROM g
      ), v AS MATERIALIZED (
        SELECT u.*,
          CASE WHEN u_name < 0.30 THEN 'invoice-charge-' WHEN u_name < 0.38 THEN 'invoice-refund-'
               WHEN u_name < 0.48 THEN 'email-welcome-' WHEN u_name < 0.60 THEN 'email-reminder-'
               WHEN u_name < 0.80 THEN 'webhook-order-' WHEN u_name < 0.9495 THEN 'sync-crm-'
               WHEN u_name < 0.9995 THEN 'report-daily-' ELSE 'report-monthly-' END AS prefix,
          CASE WHEN u_status < 0.85 THEN 'SUCCEEDED' WHEN u_status < 0.91 THEN 'FAILED'
               WHEN u_status < 0.94 THEN 'CANCELLED' WHEN u_status < 0.998 THEN 'SCHEDULED'
               ELSE 'RUNNING' END AS st,
          CASE WHEN u_delay < 0.6 THEN interval '0'
               WHEN u_delay < 0.9 THEN u_delay * interval '1 hour'
               ELSE u_delay * interval '7 days' END AS delay
        FROM u
      ), w AS MATERIALIZED (
        SELECT v.*,
          CASE split_part(prefix, '-', 1) WHEN 'invoice' THEN 'billing'
               WHEN 'email' THEN 'notifications' WHEN 'webhook' THEN 'orders'
               WHEN 'sync' THEN 'crm' ELSE 'reports' END AS domain,
          -- A UUIDv7 as the API makes them: 48-bit milliseconds, version 7, variant 10, random.
          substr(lpad(to_hex((extract(epoch FROM created) * 1000)::bigint), 12, '0'), 1, 8) || '-'
            || substr(lpad(to_hex((extract(epoch FROM created) * 1000)::bigint), 12, '0'), 9, 4)
            || '-7' || substr(r, 1, 3) || '-'
            || substr('89ab', (get_byte(decode(substr(r, 4, 2), 'hex'), 0) % 4) + 1, 1)
            || substr(r, 6, 3) || '-' || substr(r, 9, 12) AS id,
          -- Pending calls are due 1 to 60 days ahead, so the due scanner (which would wake calls
          -- that have no journal) leaves them alone while the benchmark runs.
          CASE WHEN st = 'SCHEDULED' THEN now() + interval '1 day' + u_delay * interval '59 days'
               ELSE least(created + delay, now() - interval '5 minutes') END AS due,
          CASE WHEN st = 'SUCCEEDED' THEN CASE WHEN u_run < 0.95 THEN 1 ELSE 2 END
               WHEN st = 'FAILED' THEN CASE WHEN u_run < 0.5 THEN 1 ELSE 5 END
               WHEN st = 'RUNNING' THEN 1
               WHEN st = 'SCHEDULED' THEN CASE WHEN u_run < 0.2 THEN 1 ELSE 0 END
               ELSE 0 END AS att
        FROM v
      ), x AS MATERIALIZED (
        SELECT w.*,
          CASE WHEN st IN ('SUCCEEDED', 'FAILED', 'RUNNING')
                 THEN due + (5 + u_jitter * 200) * interval '1 ms'
               WHEN st = 'SCHEDULED' AND att > 0 THEN created + interval '1 second' END AS started,
          CASE WHEN st IN ('SUCCEEDED', 'FAILED')
                 THEN due + (25 + u_jitter * 200 + u_run * 1500) * interval '1 ms'
               WHEN st = 'CANCELLED' THEN created + u_jitter * interval '1 hour' END AS finished,
          array_remove(ARRAY[domain,
            CASE WHEN u_region < 0.5 THEN 'eu' WHEN u_region < 0.9 THEN 'us' END,
            CASE WHEN u_customer < 0.3 THEN 'customer-' || floor(u_customer * 16666)::int END,
            CASE WHEN u_flags < 0.02 THEN 'priority-high' END,
            CASE WHEN u_flags > 0.9995 THEN 'audit' END], NULL) AS tags
        FROM w
      )
      SELECT tenant, id, prefix || (100001 + k), st, 'POST',
        'https://' || domain || '.example/api/' || split_part(prefix, '-', 2),
        '{"method":"POST","url":"https://' || domain || '.example/api/'
          || split_part(prefix, '-', 2) || '","headers":{"Authorization":"***",'
          || '"Content-Type":"application/json"},"bodySnippet":"{\\"id\\":' || k
          || ',\\"amount\\":' || floor(u_run * 100000)::int || ',\\"currency\\":\\"EUR\\"}"}',
        due, created, started, finished, att,
        CASE WHEN st = 'SCHEDULED' THEN due
             -- A running attempt's deadline; a day ahead for the same reason as due times.
             WHEN st = 'RUNNING' THEN now() + interval '1 day' END,
        CASE WHEN st = 'SUCCEEDED' THEN '{"statusCode":200,"headers":{"Content-Type":'
               || '"application/json"},"bodySnippet":"{\\"ok\\":true}","latencyMs":'
               || floor(20 + u_run * 1500)::int || '}'
             WHEN st = 'FAILED' AND u_run < 0.7 THEN '{"statusCode":'
               || CASE WHEN u_run < 0.5 THEN 422 ELSE 503 END || ',"headers":{"Content-Type":'
               || '"application/problem+json"},"bodySnippet":"{\\"title\\":\\"rejected\\"}",'
               || '"latencyMs":' || floor(20 + u_run * 1500)::int || '}' END,
        CASE WHEN st = 'FAILED' THEN CASE WHEN u_run < 0.7 THEN 'HTTP_STATUS'
               WHEN u_run < 0.9 THEN 'TIMEOUT' ELSE 'CONNECTION' END
             WHEN st = 'SCHEDULED' AND att > 0 THEN 'HTTP_STATUS' END,
        CASE WHEN st = 'FAILED' THEN CASE WHEN u_run < 0.5 THEN 'target answered 422'
               WHEN u_run < 0.7 THEN 'target answered 503'
               WHEN u_run < 0.9 THEN 'no response within PT30S' ELSE 'connection refused' END
             WHEN st = 'SCHEDULED' AND att > 0 THEN 'target answered 503' END,
        to_json(tags)::text,
        CASE WHEN u_flags < 0.7 THEN 'req-' || substr(r2, 20, 8) END,
        CASE WHEN u_customer > 0.7 THEN 'order-' || (100001 + k) END,
        CASE st WHEN 'CANCELLED' THEN 2 WHEN 'RUNNING' THEN 2 ELSE 1 + 2 * att END,
        coalesce(finished, started, created)
      FROM x
      """;

  /** A call's tags as the projection stores them: one row each, with the call's created_at. */
  static final String TAGS =
      """
      INSERT INTO service_call_tags (tenant_id, service_call_id, tag, created_at)
      SELECT c.tenant_id, c.service_call_id, t.tag, c.created_at
      FROM service_calls c, json_array_elements_text(c.tags_json::json) AS t(tag)
      ON CONFLICT DO NOTHING
      """;

  /**
   * The journal of every SUCCEEDED call of the measured tenant: the template call's events (a real
   * call, submitted through the API and run to SUCCEEDED), with the template's id replaced by the
   * call's in the persistence id and inside the CBOR payloads. Ids are 36-character UUIDs on both
   * sides, so CBOR's length prefixes stay right. Parameters: persistence-id prefix, template id,
   * template persistence id, tenant, template id. No event_tag rows: the projection must not
   * re-project these copies over the seeded read model.
   */
  static final String JOURNAL =
      """
      INSERT INTO event_journal (persistence_id, sequence_number, deleted, writer, write_timestamp,
        adapter_manifest, event_ser_id, event_ser_manifest, event_payload, meta_ser_id,
        meta_ser_manifest, meta_payload)
      SELECT p.prefix || c.service_call_id, t.sequence_number, false, t.writer, t.write_timestamp,
        t.adapter_manifest, t.event_ser_id, t.event_ser_manifest,
        decode(replace(encode(t.event_payload, 'hex'), p.old_hex,
          encode(convert_to(c.service_call_id, 'UTF8'), 'hex')), 'hex'),
        t.meta_ser_id, t.meta_ser_manifest, t.meta_payload
      FROM (SELECT CAST(? AS VARCHAR) AS prefix,
                   encode(convert_to(CAST(? AS VARCHAR), 'UTF8'), 'hex') AS old_hex) p,
           (SELECT * FROM event_journal WHERE persistence_id = ?) t,
           service_calls c
      WHERE c.tenant_id = ? AND c.status = 'SUCCEEDED' AND c.service_call_id <> ?
      ORDER BY c.created_at, t.sequence_number
      """;

  /** What was seeded, for a later run that reuses the database (run.sh --reuse-db). */
  static final String MARKER =
      """
      CREATE TABLE IF NOT EXISTS bench_query_seed (
        tenant_id VARCHAR(64) NOT NULL,
        rows_measured INT NOT NULL,
        rows_total BIGINT NOT NULL,
        journal_calls BIGINT NOT NULL,
        template_call_id VARCHAR(128) NOT NULL,
        seeded_at TIMESTAMP WITH TIME ZONE NOT NULL,
        seed_s DOUBLE PRECISION NOT NULL
      )
      """;
}
