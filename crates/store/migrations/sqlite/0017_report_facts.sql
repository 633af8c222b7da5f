-- What the candidate list filters reports by, kept beside each report so a filter is SQL:
-- the band under the job's thresholds (re-set for the job's reports, in the same
-- transaction, whenever its thresholds change), how many red flags the answers raised,
-- and the answers' flags as " flag flag " (matched with LIKE '% flag %').
-- Reports scored before this migration get theirs when the server next starts.
-- Keep in step with migrations/postgres/0017_report_facts.sql.

ALTER TABLE reports ADD COLUMN band TEXT;
ALTER TABLE reports ADD COLUMN red_flags INTEGER NOT NULL DEFAULT 0;
ALTER TABLE reports ADD COLUMN flags TEXT NOT NULL DEFAULT '';
CREATE INDEX reports_org_band ON reports (org_id, band);
