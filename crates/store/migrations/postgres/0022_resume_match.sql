-- How well an application's resume matches its job's description by meaning (JSON: the
-- score, the model and the resume sentences that support each requirement), computed in
-- the background after intake. Advice for HR; screening never reads it.
-- Keep in step with migrations/sqlite/0022_resume_match.sql.

ALTER TABLE applications ADD COLUMN resume_match TEXT;
