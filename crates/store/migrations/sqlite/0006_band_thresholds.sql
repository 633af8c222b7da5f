-- Per job: the total scores from which the report's recommendation bands start, as JSON
-- {"strongly_recommend", "recommend", "undecided"}; NULL means the defaults (80 / 65 / 50).
-- The band is derived when a report is read, so changing these re-bands existing reports
-- without re-scoring them.
-- Keep in step with migrations/postgres/0006_band_thresholds.sql.

ALTER TABLE jobs ADD COLUMN band_thresholds TEXT;
