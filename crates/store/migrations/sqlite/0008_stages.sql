-- The hiring pipeline. Each application has a stage apart from its interview status:
-- every application so far came from an invitation to the AI interview, so that is where
-- they stand. `held_from` is the stage an application was put on hold from; a rejection
-- keeps its reason category and note. A job may order and name its own stages (JSON list
-- of {key, name}); NULL means the default pipeline.
-- Keep in step with migrations/postgres/0008_stages.sql.

ALTER TABLE applications ADD COLUMN stage TEXT NOT NULL DEFAULT 'ai_interview';
ALTER TABLE applications ADD COLUMN held_from TEXT;
ALTER TABLE applications ADD COLUMN stage_changed_at INTEGER;
ALTER TABLE applications ADD COLUMN reject_reason TEXT;
ALTER TABLE applications ADD COLUMN reject_note TEXT;
ALTER TABLE jobs ADD COLUMN pipeline TEXT;
